// Observes streams with plain XREAD on its own blocking connection: no consumer group, so the
// applications' groups (pending lists, last-delivered ids) never see Eventscope. The read position
// per stream is a checkpoint, set only after the sink took the entry; awaiting the sink before the
// next XREAD is the backpressure.
import type { Redis } from "ioredis";
import type { AdapterSink } from "@/collectors/core/adapter";
import { sleep } from "@/collectors/core/retry";
import type { RedisConfig } from "@/collectors/redis/config";
import { toObservedMessage } from "@/collectors/redis/entry-mapping";
import { parseStreamsReply } from "@/collectors/redis/stream-info";
import { Stopped, untilStopped } from "@/collectors/redis/stopping";

/** Before any entry is seen: the id no entry can be below. */
const STREAM_START = "0-0";

export class StreamObserver {
  private readonly positions = new Map<string, string>();
  private keys: string[] = [];

  constructor(
    private readonly config: RedisConfig,
    private readonly redis: Redis,
    private readonly sink: AdapterSink,
    private readonly signal: AbortSignal,
  ) {}

  /**
   * The streams present at start resume from their checkpoint or else from their last entry now
   * (XREAD's `$`, made concrete: with `$` itself, a read answered by another stream would skip
   * whatever arrived on this one before the next read).
   */
  async init(commands: Redis, keys: string[]): Promise<void> {
    const pipeline = commands.pipeline();
    const unknown = keys.filter((k) => this.sink.checkpoints.get(k) === undefined);
    for (const key of unknown) pipeline.xrevrangeBuffer(key, "+", "-", "COUNT", 1);
    const replies = unknown.length > 0 ? ((await pipeline.exec()) ?? []) : [];
    unknown.forEach((key, i) => {
      const [err, reply] = replies[i] ?? [new Error("no reply"), undefined];
      if (err) throw err;
      const last = Array.isArray(reply) ? (reply[0] as [Buffer, Buffer[]] | undefined) : undefined;
      const position = last ? last[0].toString("latin1") : STREAM_START;
      this.positions.set(key, position);
      // Remembered at once: a collector killed before its first message must resume here, not at
      // whatever is last when it restarts (that would skip what came in between).
      this.sink.checkpoints.set(key, position);
    });
    this.setKeys(keys);
  }

  /**
   * The streams to read from now on. One that appears later (a glob's new match, a configured key
   * created after start) is read from its checkpoint or from its first entry: it was created
   * after the adapter looked, so all of it is new.
   */
  setKeys(keys: string[]): void {
    for (const key of keys) {
      if (!this.positions.has(key)) this.positions.set(key, this.sink.checkpoints.get(key) ?? STREAM_START);
    }
    this.keys = keys;
  }

  /** Reads until stopped or the connection is gone (the adapter reports that, once). */
  async run(): Promise<void> {
    const { count, blockMs, pollIntervalMs } = this.config;
    while (!this.signal.aborted) {
      const keys = this.keys;
      if (keys.length === 0) {
        await sleep(pollIntervalMs, this.signal);
        continue;
      }
      const ids = keys.map((k) => this.positions.get(k) ?? STREAM_START);
      try {
        const reply = await this.redis.xreadBuffer(
          "COUNT",
          count,
          "BLOCK",
          blockMs,
          "STREAMS",
          ...keys,
          ...ids,
        );
        await this.handle(reply);
      } catch (err) {
        if (err instanceof Stopped || this.signal.aborted || this.redis.status !== "ready") return;
        // A sink or read failure: the position did not move, so the next read starts where this one did.
        this.sink.problem("XREAD", err);
        await sleep(pollIntervalMs, this.signal);
      }
    }
  }

  private async handle(reply: unknown): Promise<void> {
    for (const { stream, entries } of parseStreamsReply(reply)) {
      const last = entries.at(-1);
      if (!last) continue;
      const now = new Date();
      // Handed over together, so the outbox writes a whole read in one go (awaiting each entry
      // would cost one disk write per entry); the position moves once all of them are in.
      const handedOver = entries
        .filter((e) => e.fields !== null) // XREAD never returns deleted entries; XREADGROUP can
        .map((e) => this.sink.message(toObservedMessage(stream, e, this.config.payloadField, now)));
      await untilStopped(Promise.all(handedOver), this.signal);
      this.positions.set(stream, last.id);
      this.sink.checkpoints.set(stream, last.id);
    }
  }
}
