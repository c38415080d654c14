// One round of lag gauges: per stream XLEN and XINFO GROUPS (one pipeline), plus XINFO STREAM only
// for streams where Redis 7 reported a group's lag as null (its reply carries the first and last
// entries, which can be large, so it is not asked for on every round).
import type { Redis } from "ioredis";
import type { Gauge } from "@/collectors/core/adapter";
import {
  needsEntriesAdded,
  parseEntriesAdded,
  parseGroups,
  streamGauges,
  type GroupInfo,
} from "@/collectors/redis/stream-info";

export async function collectGauges(redis: Redis, streams: string[]): Promise<Gauge[]> {
  if (streams.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const stream of streams) pipeline.xlen(stream).xinfo("GROUPS", stream);
  const replies = (await pipeline.exec()) ?? [];
  const gauges: Gauge[] = [];
  for (const [i, stream] of streams.entries()) {
    const [lenErr, len] = replies[2 * i] ?? [new Error("no reply"), undefined];
    if (lenErr) throw lenErr;
    const [groupsErr, groupsReply] = replies[2 * i + 1] ?? [null, []];
    // "ERR no such key": the stream does not exist (yet), so it has no groups.
    const groups: GroupInfo[] = groupsErr ? [] : parseGroups(groupsReply);
    const entriesAdded = needsEntriesAdded(groups)
      ? parseEntriesAdded(await redis.xinfo("STREAM", stream))
      : undefined;
    gauges.push(...streamGauges(stream, Number(len), groups, entriesAdded));
  }
  return gauges;
}
