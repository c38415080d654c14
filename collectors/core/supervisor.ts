// Keeps the adapter connected: start() with exponential backoff and jitter until it works, and a
// restart the same way whenever the adapter reports its connection gone. Each failed attempt is
// one readable log line (the adapter's message names the broker; secrets stay out of it).
import type { AdapterSink, BrokerAdapter } from "@/collectors/core/adapter";
import type { CollectorLog } from "@/collectors/core/log";
import { backoffMs, sleep } from "@/collectors/core/retry";

export class AdapterSupervisor {
  private readonly stopping = new AbortController();
  private loop: Promise<void> | undefined;
  private lost: (() => void) | undefined;
  connected = false;
  attempts = 0;

  constructor(
    private readonly adapter: BrokerAdapter,
    private readonly sink: AdapterSink & { brokerConnected: boolean; note(m: string): void },
    private readonly log: CollectorLog,
    private readonly retry = { baseMs: 1_000, maxMs: 30_000 },
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** Called by the sink when the adapter says its connection is gone. */
  disconnected(): void {
    this.lost?.();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.lost?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    const signal = this.stopping.signal;
    while (!signal.aborted) {
      try {
        await this.adapter.start(this.sink);
      } catch (err) {
        const waitMs = backoffMs(this.attempts++, this.retry.baseMs, this.retry.maxMs);
        const message = err instanceof Error ? err.message : String(err);
        this.sink.note(message);
        this.log.error(
          { err: message, attempt: this.attempts, retryInMs: waitMs },
          `cannot start the ${this.adapter.kind} adapter; retrying`,
        );
        await this.adapter.stop().catch(() => {});
        await sleep(waitMs, signal);
        continue;
      }
      if (signal.aborted) {
        await this.adapter.stop().catch(() => {});
        break;
      }
      this.attempts = 0;
      this.connected = this.sink.brokerConnected = true;
      this.log.info({ broker: this.adapter.kind }, "connected to the broker");
      await new Promise<void>((resolve) => (this.lost = resolve));
      this.lost = undefined;
      this.connected = this.sink.brokerConnected = false;
      await this.adapter
        .stop()
        .catch((err: unknown) => this.log.warn({ err: String(err) }, "adapter stop failed"));
      if (!signal.aborted) {
        this.log.warn({ broker: this.adapter.kind }, "lost the broker; reconnecting");
        await sleep(backoffMs(this.attempts++, this.retry.baseMs, this.retry.maxMs), signal);
      }
    }
  }
}
