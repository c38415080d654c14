// Takes dead letters into Eventscope: (a) entries the applications XADD to dead-letter streams,
// read with Eventscope's own consumer group there; (b) optionally, entries an application group
// failed more than maxDeliveries times, XCLAIMed from it. Either way an entry is XACKed (and a DLQ
// entry XDELed) only after sink.deadLetter resolved, i.e. after the server stored it; until then
// it stays in a pending list, where the next pass (or the next run) finds it again.
import type { Redis } from "ioredis";
import type { AdapterSink, ObservedDeadLetter } from "@/collectors/core/adapter";
import {
  deadLetterGroup,
  EVENTSCOPE_CONSUMER,
  type ClaimConfig,
  type DeadLetterStreamConfig,
  type RedisConfig,
} from "@/collectors/redis/config";
import { toClaimedDeadLetter, toStreamDeadLetter, type RawEntry } from "@/collectors/redis/entry-mapping";
import {
  parseEntries,
  parsePending,
  parseStreamsReply,
  type PendingEntry,
} from "@/collectors/redis/stream-info";
import { Stopped, untilStopped } from "@/collectors/redis/stopping";

type Entry = RawEntry | { id: string; fields: null };

export class DeadLetterTaker {
  private readonly group: string;

  constructor(
    private readonly config: RedisConfig,
    private readonly redis: Redis,
    private readonly sink: AdapterSink,
    private readonly signal: AbortSignal,
  ) {
    this.group = deadLetterGroup(config);
  }

  /** Creates Eventscope's group on each dead-letter stream (and the stream, if missing), from its first entry. */
  async ensureGroups(): Promise<void> {
    for (const { stream } of this.config.deadLetters.streams) await this.ensureGroup(stream);
  }

  private async ensureGroup(stream: string): Promise<void> {
    try {
      await this.redis.xgroup("CREATE", stream, this.group, "0", "MKSTREAM");
    } catch (err) {
      if (!(err instanceof Error && err.message.startsWith("BUSYGROUP"))) throw err;
    }
  }

  /** Drains one dead-letter stream: our own pending entries first, then new ones. */
  async drain(cfg: DeadLetterStreamConfig): Promise<void> {
    try {
      // Pending: read but not stored before a restart, or refused by a stopping runtime.
      for (let cursor = "0"; ;) {
        const batch = await this.readGroup(cfg.stream, cursor);
        const last = batch.at(-1);
        if (!last) break;
        if (!(await this.takeFromStream(cfg, batch))) return;
        cursor = last.id;
      }
      for (;;) {
        const batch = await this.readGroup(cfg.stream, ">");
        if (batch.length === 0 || !(await this.takeFromStream(cfg, batch))) return;
      }
    } catch (err) {
      // Someone deleted the stream or our group: recreate it so the next pass reads again.
      if (err instanceof Error && err.message.startsWith("NOGROUP")) await this.ensureGroup(cfg.stream);
      throw err;
    }
  }

  private async readGroup(stream: string, id: string): Promise<Entry[]> {
    const reply = await this.redis.xreadgroupBuffer(
      "GROUP",
      this.group,
      EVENTSCOPE_CONSUMER,
      "COUNT",
      this.config.count,
      "STREAMS",
      stream,
      id,
    );
    return parseStreamsReply(reply)[0]?.entries ?? [];
  }

  /** True when every entry was stored and acknowledged. */
  private async takeFromStream(cfg: DeadLetterStreamConfig, batch: Entry[]): Promise<boolean> {
    const now = new Date();
    const done = await this.store(batch, (e) => toStreamDeadLetter(cfg, e, this.config.payloadField, now));
    if (done.length > 0) {
      const tx = this.redis.multi().xack(cfg.stream, this.group, ...done);
      if (cfg.deleteAfterStore) tx.xdel(cfg.stream, ...done);
      throwFirst(await tx.exec());
    }
    return done.length === batch.length;
  }

  /**
   * Sends a batch to the sink at once (the runtime stores dead letters in batches: one at a time
   * would wait a batch delay each) and returns the ids that may now be acknowledged: the stored
   * ones and those with nothing left to store (deleted while pending). Nothing when stopping.
   */
  private async store(batch: Entry[], map: (e: RawEntry) => ObservedDeadLetter): Promise<string[]> {
    // One stop listener for the batch, not one per entry (a batch of `count` would pile them up).
    let results: PromiseSettledResult<void>[];
    try {
      results = await untilStopped(
        Promise.allSettled(
          batch.map((e) => (e.fields === null ? Promise.resolve() : this.sink.deadLetter(map(e)))),
        ),
        this.signal,
      );
    } catch (err) {
      if (err instanceof Stopped) return [];
      throw err;
    }
    if (this.signal.aborted) return [];
    const refused = results.find((r) => r.status === "rejected");
    if (refused)
      this.sink.log.debug({ err: String(refused.reason) }, "dead letters left on Redis: not stored");
    return batch.filter((_, i) => results[i]?.status === "fulfilled").map((e) => e.id);
  }

  /** Takes over an application group's entries delivered more than maxDeliveries times. */
  async claim(cfg: ClaimConfig): Promise<void> {
    const count = this.config.count;
    for (let start = "-"; ;) {
      const reply = await this.redis.xpending(
        cfg.stream,
        cfg.group,
        "IDLE",
        cfg.minIdleMs,
        start,
        "+",
        count,
      );
      const pending = parsePending(reply);
      const failed = pending.filter((p) => p.deliveries > cfg.maxDeliveries);
      if (failed.length > 0 && !(await this.claimBatch(cfg, failed))) return;
      const last = pending.at(-1);
      if (!last || pending.length < count) return;
      start = `(${last.id}`;
    }
  }

  private async claimBatch(cfg: ClaimConfig, failed: PendingEntry[]): Promise<boolean> {
    // XCLAIM re-checks the idle time, so an entry an application consumer took meanwhile stays
    // its own. JUSTID: the delivery count stays what the application's attempts made it.
    const ids = failed.map((p) => p.id);
    const claimedIds = await this.redis.xclaim(
      cfg.stream,
      cfg.group,
      EVENTSCOPE_CONSUMER,
      cfg.minIdleMs,
      ...ids,
      "JUSTID",
    );
    const claimed = new Set(claimedIds.map(String));
    const mine = failed.filter((p) => claimed.has(p.id));
    if (mine.length === 0) return true;
    const pipeline = this.redis.pipeline();
    for (const p of mine) pipeline.xrangeBuffer(cfg.stream, p.id, p.id);
    const ranges = (await pipeline.exec()) ?? [];
    const entries: Entry[] = mine.map((p, i) => {
      const [err, reply] = ranges[i] ?? [new Error("no reply"), undefined];
      if (err) throw err;
      return parseEntries(reply)[0] ?? { id: p.id, fields: null };
    });
    const gone = entries.filter((e) => e.fields === null).length;
    if (gone > 0) {
      this.sink.problem(
        `claim ${cfg.stream}/${cfg.group}`,
        new Error(`${gone} failed entries were trimmed or deleted before Eventscope could take them`),
      );
    }
    const deliveries = new Map(mine.map((p) => [p.id, p.deliveries]));
    const now = new Date();
    const done = await this.store(entries, (e) =>
      toClaimedDeadLetter(
        cfg,
        e,
        deliveries.get(e.id) ?? cfg.maxDeliveries + 1,
        this.config.payloadField,
        now,
      ),
    );
    if (done.length > 0) await this.redis.xack(cfg.stream, cfg.group, ...done);
    return done.length === entries.length;
  }
}

function throwFirst(results: [Error | null, unknown][] | null): void {
  const failed = results?.find(([err]) => err !== null);
  if (failed?.[0]) throw failed[0];
}
