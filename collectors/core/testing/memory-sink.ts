// An AdapterSink that keeps everything in memory, for adapter tests against real brokers: what
// the adapter reported, and a hand on the one thing that matters for dead letters — when the
// "server" confirms them (hold() keeps them unconfirmed until release()).
import type {
  AdapterSink,
  Gauge,
  ObservedDeadLetter,
  ObservedDelivery,
  ObservedMessage,
} from "@/collectors/core/adapter";
import { silentLog, type CollectorLog } from "@/collectors/core/log";

export class MemorySink implements AdapterSink {
  readonly messages: ObservedMessage[] = [];
  readonly deliveries: ObservedDelivery[] = [];
  readonly deadLetters: ObservedDeadLetter[] = [];
  readonly latestGauges = new Map<string, number>();
  readonly disconnects: string[] = [];
  readonly problems: { context: string; err: unknown }[] = [];
  readonly checkpointValues = new Map<string, string>();
  readonly checkpoints = {
    get: (key: string) => this.checkpointValues.get(key),
    set: (key: string, value: string) => void this.checkpointValues.set(key, value),
  };
  private held: { resolve: () => void; reject: (e: Error) => void }[] | undefined;

  constructor(readonly log: CollectorLog = silentLog) {}

  message(m: ObservedMessage): Promise<void> {
    this.messages.push(m);
    return Promise.resolve();
  }

  delivery(d: ObservedDelivery): Promise<void> {
    this.deliveries.push(d);
    return Promise.resolve();
  }

  deadLetter(d: ObservedDeadLetter): Promise<void> {
    this.deadLetters.push(d);
    if (!this.held) return Promise.resolve();
    const held = this.held;
    return new Promise((resolve, reject) => held.push({ resolve, reject }));
  }

  gauges(g: Gauge[]): void {
    for (const x of g) this.latestGauges.set(gaugeKey(x), x.value);
  }

  gauge(channel: string, name: Gauge["name"], consumer?: string): number | undefined {
    return this.latestGauges.get(gaugeKey({ channel, name, consumer, value: 0 }));
  }

  disconnected(reason: string): void {
    this.disconnects.push(reason);
  }

  problem(context: string, err: unknown): void {
    this.problems.push({ context, err });
  }

  /** From now on dead letters stay unconfirmed until release() (or fail with failHeld()). */
  hold(): void {
    this.held ??= [];
  }

  /** Confirms every held dead letter and stops holding. */
  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const h of held) h.resolve();
  }

  /** Rejects every held dead letter, as a stopping runtime does. */
  failHeld(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const h of held) h.reject(new Error("collector is stopping"));
  }

  /** Resolves when `predicate` holds, polling every 20 ms; rejects after `timeoutMs`. */
  async until(predicate: (sink: this) => boolean, timeoutMs = 10_000, what = "condition"): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this)) {
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

function gaugeKey(g: Gauge): string {
  return `${g.channel}\0${g.consumer ?? ""}\0${g.name}`;
}
