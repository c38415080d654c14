// Helpers for the Redis adapter's integration tests and the lead's benchmark: unique key names,
// pipelined bursts of XADDs, an "application" consumer group that acks, fails and retries like a
// real service, and clean-up.
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { GUARD_PREFIX } from "@/collectors/redis/republish";
import { parseEntries, parseStreamsReply } from "@/collectors/redis/stream-info";

export const TEST_REDIS_URL = "redis://127.0.0.1:6379";

/** A key name no parallel test file or earlier run uses. */
export function uniqueKey(prefix: string): string {
  return `es-test:${prefix}:${randomBytes(5).toString("hex")}`;
}

export function testRedis(url = TEST_REDIS_URL): Redis {
  return new Redis(url, { protocol: 2, maxRetriesPerRequest: 1 });
}

export { eventually as waitFor } from "@/collectors/core/testing/eventually";

export type BurstOptions = {
  url?: string;
  stream: string;
  count: number;
  /** The fields of entry i. */
  fields: (i: number) => Record<string, string | Buffer>;
  /** XADDs per pipeline round trip (default 1000). */
  chunk?: number;
};

/** XADDs `count` entries, pipelined; resolves with their ids in order. */
export async function publishBurst(opts: BurstOptions): Promise<string[]> {
  const redis = testRedis(opts.url);
  const ids: string[] = [];
  try {
    const chunk = opts.chunk ?? 1000;
    for (let start = 0; start < opts.count; start += chunk) {
      const pipeline = redis.pipeline();
      for (let i = start; i < Math.min(opts.count, start + chunk); i++) {
        pipeline.xadd(opts.stream, "*", ...Object.entries(opts.fields(i)).flat());
      }
      for (const [err, id] of (await pipeline.exec()) ?? []) {
        if (err) throw err;
        ids.push(String(id));
      }
    }
    return ids;
  } finally {
    await redis.quit();
  }
}

export type AppEntry = { id: string; fields: Record<string, string>; attempt: number };

export type AppConsumerOptions = {
  url?: string;
  stream: string;
  group: string;
  consumer?: string;
  /** Where the group starts: `$` (new entries only, the default) or `0`. */
  startId?: string;
  /** Throw to fail the entry: it stays unacked, and is redelivered (XCLAIM) until `attempts` deliveries. */
  handle: (entry: AppEntry) => Promise<void> | void;
  /** Deliveries before the app gives up and leaves the entry in its pending list (default 1). */
  attempts?: number;
};

export type AppConsumer = {
  /** Ids of entries the app processed and acked. */
  readonly acked: string[];
  /** Ids the app gave up on (left pending, for a claim path to take). */
  readonly abandoned: string[];
  stop(): Promise<void>;
};

/** Runs an application consumer group on a stream with XREADGROUP, as a service would. */
export async function runAppConsumer(opts: AppConsumerOptions): Promise<AppConsumer> {
  const redis = testRedis(opts.url);
  const consumer = opts.consumer ?? "app-1";
  const attempts = opts.attempts ?? 1;
  try {
    await redis.xgroup("CREATE", opts.stream, opts.group, opts.startId ?? "$", "MKSTREAM");
  } catch (err) {
    if (!(err instanceof Error && err.message.startsWith("BUSYGROUP"))) throw err;
  }
  const acked: string[] = [];
  const abandoned: string[] = [];
  const tries = new Map<string, number>();
  let stopped = false;

  const take = async (id: string, flat: Buffer[]) => {
    const attempt = (tries.get(id) ?? 0) + 1;
    tries.set(id, attempt);
    const fields: Record<string, string> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) fields[String(flat[i])] = String(flat[i + 1]);
    try {
      await opts.handle({ id, fields, attempt });
      await redis.xack(opts.stream, opts.group, id);
      acked.push(id);
    } catch {
      if (attempt >= attempts) abandoned.push(id);
    }
  };

  const loop = async () => {
    while (!stopped) {
      // Redeliver what failed and has tries left, as a service's retry loop would (XCLAIM counts a delivery).
      for (const [id, n] of tries) {
        if (n >= attempts || acked.includes(id) || abandoned.includes(id)) continue;
        // Plain XCLAIM (not JUSTID): it counts as a delivery, as the service's retry would.
        const claimed = await redis.xclaim(opts.stream, opts.group, consumer, 0, id);
        for (const e of parseEntries(claimed)) if (e.fields) await take(e.id, e.fields);
      }
      const reply = await redis.xreadgroupBuffer(
        "GROUP",
        opts.group,
        consumer,
        "COUNT",
        100,
        "BLOCK",
        50,
        "STREAMS",
        opts.stream,
        ">",
      );
      for (const { entries } of parseStreamsReply(reply))
        for (const e of entries) if (e.fields) await take(e.id, e.fields);
    }
  };
  const running = loop();
  return {
    acked,
    abandoned,
    async stop() {
      stopped = true;
      await running;
      await redis.quit();
    },
  };
}

/** Deletes test keys and the republish guards of the given reprocess ids. */
export async function deleteKeys(keys: string[], reprocessIds: string[] = [], url?: string): Promise<void> {
  const redis = testRedis(url);
  try {
    const all = [...keys, ...reprocessIds.map((id) => GUARD_PREFIX + id)];
    if (all.length > 0) await redis.del(...all);
  } finally {
    await redis.quit();
  }
}
