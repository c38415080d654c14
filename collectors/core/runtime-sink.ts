// The runtime's side of the adapter contract: extracts each observation into an ingest item,
// appends it to the outbox (which waits while full — the adapters' backpressure), wakes the
// sender, and holds dead letters until the server confirmed them.
import type {
  AdapterSink,
  Checkpoints,
  Gauge,
  ObservedDeadLetter,
  ObservedDelivery,
  ObservedMessage,
} from "@/collectors/core/adapter";
import type { Extractor } from "@/collectors/core/extract/extractor";
import type { CollectorLog } from "@/collectors/core/log";
import type { Outbox } from "@/collectors/core/outbox";
import { RateMeter } from "@/collectors/core/rate-meter";
import type { QueuedRecord, ReleaseOutcome } from "@/collectors/core/send-queue";

export type SinkCounters = {
  messages: number;
  deliveries: number;
  deadLetters: number;
  deadLettersStored: number;
  deadLettersRefused: number;
  dropped: number;
  problems: number;
};

type Waiter = { id: string; resolve: () => void; reject: (e: Error) => void };

/**
 * A dead letter the server refused (too large, invalid) is refused again this long after, without
 * being sent: brokers redeliver a nacked message at once, and a refusal answered at once would spin.
 */
export const REFUSED_DEAD_LETTER_RETRY_MS = 30_000;
const MAX_REMEMBERED_REFUSALS = 10_000;

export class RuntimeSink implements AdapterSink {
  readonly counters: SinkCounters = {
    messages: 0,
    deliveries: 0,
    deadLetters: 0,
    deadLettersStored: 0,
    deadLettersRefused: 0,
    dropped: 0,
    problems: 0,
  };
  readonly rate = new RateMeter();
  readonly latestGauges = new Map<string, Gauge>();
  lastError: { at: string; message: string } | undefined;
  brokerConnected = false;
  private readonly waiters = new Map<number, Waiter>();
  private readonly refused = new Map<string, string>();
  private readonly delayed = new Set<{ timer: ReturnType<typeof setTimeout>; reject: (e: Error) => void }>();
  private stopping = false;

  constructor(
    private readonly extractor: Extractor,
    private readonly outbox: Outbox,
    private readonly wake: () => void,
    readonly checkpoints: Checkpoints,
    readonly log: CollectorLog,
    private readonly onDisconnected: (reason: string) => void,
  ) {}

  async message(m: ObservedMessage): Promise<void> {
    this.counters.messages++;
    this.rate.add();
    await this.append("event", JSON.stringify(this.extractor.event(m)));
  }

  async delivery(d: ObservedDelivery): Promise<void> {
    this.counters.deliveries++;
    await this.append("delivery", JSON.stringify(this.extractor.delivery(d)));
  }

  async deadLetter(d: ObservedDeadLetter): Promise<void> {
    if (this.stopping) throw new Error("collector is stopping; the dead letter stays on the broker");
    this.counters.deadLetters++;
    const item = this.extractor.deadLetter(d);
    const known = this.refused.get(item.id);
    if (known !== undefined) return this.refuseLater(known);
    const seq = await this.outbox.append("deadLetter", JSON.stringify(item));
    const confirmed = new Promise<void>((resolve, reject) =>
      this.waiters.set(seq, { id: item.id, resolve, reject }),
    );
    this.wake();
    await confirmed;
  }

  gauges(g: Gauge[]): void {
    for (const x of g) this.latestGauges.set(`${x.channel}\0${x.consumer ?? ""}\0${x.name}`, x);
  }

  disconnected(reason: string): void {
    this.brokerConnected = false;
    this.note(reason);
    this.onDisconnected(reason);
  }

  problem(context: string, err: unknown): void {
    this.counters.problems++;
    const message = `${context}: ${err instanceof Error ? err.message : String(err)}`;
    this.note(message);
    this.log.warn({ context, err: err instanceof Error ? err.message : String(err) }, "collector problem");
  }

  note(message: string): void {
    this.lastError = { at: new Date().toISOString(), message: message.slice(0, 500) };
  }

  /** From the outbox: these records left it. Dead letters learn whether the server stored them. */
  released(records: readonly QueuedRecord[], outcome: ReleaseOutcome): void {
    for (const r of records) {
      if (r.kind !== "deadLetter") continue;
      const w = this.waiters.get(r.seq);
      if (!w) continue; // sent again after a restart: its broker copy is read anew and confirmed then
      this.waiters.delete(r.seq);
      const reason = outcome.kind === "dropped" ? outcome.reason : outcome.rejected.get(r.seq);
      if (reason === undefined) {
        this.counters.deadLettersStored++;
        w.resolve();
      } else {
        this.counters.deadLettersRefused++;
        this.note(`server refused a dead letter (left on the broker): ${reason}`);
        if (this.refused.size >= MAX_REMEMBERED_REFUSALS) this.refused.clear();
        this.refused.set(w.id, reason);
        this.refuseLater(reason).catch(w.reject);
      }
    }
  }

  /** Unconfirmed dead letters are given up (they stay on the broker); later ones are refused. */
  stop(): void {
    this.stopping = true;
    const stopping = new Error("collector is stopping; the dead letter stays on the broker");
    for (const w of this.waiters.values()) w.reject(stopping);
    this.waiters.clear();
    for (const d of this.delayed) {
      clearTimeout(d.timer);
      d.reject(stopping);
    }
    this.delayed.clear();
  }

  /** Rejects after REFUSED_DEAD_LETTER_RETRY_MS (at once when stopping), so the broker's redelivery does not spin. */
  private refuseLater(reason: string): Promise<never> {
    return new Promise<never>((_resolve, reject) => {
      const entry = {
        reject,
        timer: setTimeout(() => {
          this.delayed.delete(entry);
          reject(new Error(`the server refused the dead letter: ${reason}`));
        }, REFUSED_DEAD_LETTER_RETRY_MS),
      };
      this.delayed.add(entry);
    });
  }

  private async append(kind: "event" | "delivery", json: string): Promise<void> {
    const seq = await this.outbox.append(kind, json);
    if (seq < 0) this.counters.dropped++;
    else this.wake();
  }
}
