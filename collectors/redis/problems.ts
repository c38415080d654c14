// Reports a recurring failure of a periodic task once, not every poll: a missing consumer group
// would otherwise add a problem every pollIntervalMs until someone fixes the config.
import type { AdapterSink } from "@/collectors/core/adapter";

export class ProblemReporter {
  private readonly last = new Map<string, string>();

  constructor(private readonly sink: AdapterSink) {}

  /** Reports `err` unless the same context failed with the same message last time. */
  report(context: string, err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    if (this.last.get(context) === message) return;
    this.last.set(context, message);
    this.sink.problem(context, err);
  }

  /** The task worked: its next failure is news again. */
  clear(context: string): void {
    this.last.delete(context);
  }
}
