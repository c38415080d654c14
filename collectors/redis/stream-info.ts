// Pure parsing of Redis's introspection replies (XINFO GROUPS, XPENDING, XREAD) into typed values
// and the adapter's gauges. Replies arrive as RESP2 flat arrays (the connections speak RESP2).
import type { Gauge } from "@/collectors/core/adapter";
import type { RawEntry } from "@/collectors/redis/entry-mapping";

export type GroupInfo = {
  name: string;
  consumers: number;
  pending: number;
  lastDeliveredId: string;
  /** Redis ≥ 7: entries the group has read; null when Redis cannot tell (after XDEL / XTRIM). */
  entriesRead: number | null | undefined;
  /** Redis ≥ 7: entries not yet delivered to the group; null when Redis cannot tell. */
  lag: number | null | undefined;
};

function toRecord(flat: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (!Array.isArray(flat)) return out;
  for (let i = 0; i + 1 < flat.length; i += 2) out.set(String(flat[i]), flat[i + 1]);
  return out;
}

function num(v: unknown): number | null | undefined {
  if (v === null) return null;
  if (v === undefined) return undefined;
  const n = typeof v === "number" ? v : Number(String(v));
  return Number.isFinite(n) ? n : undefined;
}

/** XINFO GROUPS <stream> → one GroupInfo per group. */
export function parseGroups(reply: unknown): GroupInfo[] {
  if (!Array.isArray(reply)) return [];
  return reply.map((g) => {
    const r = toRecord(g);
    return {
      name: String(r.get("name")),
      consumers: num(r.get("consumers")) ?? 0,
      pending: num(r.get("pending")) ?? 0,
      lastDeliveredId: String(r.get("last-delivered-id") ?? "0-0"),
      entriesRead: num(r.get("entries-read")),
      lag: num(r.get("lag")),
    };
  });
}

/** XINFO STREAM's `entries-added` (Redis ≥ 7), from the flat reply. */
export function parseEntriesAdded(reply: unknown): number | undefined {
  return num(toRecord(reply).get("entries-added")) ?? undefined;
}

/**
 * A group's lag: Redis 7's own `lag` when it reports one. When it reports null (entries were
 * deleted or trimmed in the group's unread range, so Redis will not guess) the difference between
 * the stream's entries-added and the group's entries-read, which counts deleted entries as unread
 * (an upper bound). Before Redis 7 neither exists: the group's pending count stands in — not the
 * backlog, but the work handed out and unfinished.
 */
export function groupLag(group: GroupInfo, entriesAdded: number | undefined): number {
  if (typeof group.lag === "number") return group.lag;
  if (typeof group.entriesRead === "number" && entriesAdded !== undefined)
    return Math.max(0, entriesAdded - group.entriesRead);
  return group.pending;
}

/** True when groupLag needs XINFO STREAM's entries-added (Redis 7 reported null). */
export function needsEntriesAdded(groups: GroupInfo[]): boolean {
  return groups.some((g) => g.lag === null && typeof g.entriesRead === "number");
}

/** The gauges of one stream: depth (XLEN) and, per consumer group, pending, lag and consumers. */
export function streamGauges(
  stream: string,
  depth: number,
  groups: GroupInfo[],
  entriesAdded: number | undefined,
): Gauge[] {
  const out: Gauge[] = [{ channel: stream, name: "depth", value: depth }];
  for (const g of groups) {
    out.push(
      { channel: stream, consumer: g.name, name: "pending", value: g.pending },
      { channel: stream, consumer: g.name, name: "lag", value: groupLag(g, entriesAdded) },
      { channel: stream, consumer: g.name, name: "consumers", value: g.consumers },
    );
  }
  return out;
}

export type PendingEntry = { id: string; consumer: string; idleMs: number; deliveries: number };

/** XPENDING <stream> <group> [IDLE n] - + <count> → entries. */
export function parsePending(reply: unknown): PendingEntry[] {
  if (!Array.isArray(reply)) return [];
  const out: PendingEntry[] = [];
  for (const row of reply) {
    if (!Array.isArray(row) || row.length < 4) continue;
    out.push({
      id: String(row[0]),
      consumer: String(row[1]),
      idleMs: num(row[2]) ?? 0,
      deliveries: num(row[3]) ?? 0,
    });
  }
  return out;
}

/** Entries from an XREAD / XREADGROUP / XRANGE Buffer reply; null fields (deleted while pending) kept as null. */
export function parseEntries(items: unknown): (RawEntry | { id: string; fields: null })[] {
  if (!Array.isArray(items)) return [];
  const out: (RawEntry | { id: string; fields: null })[] = [];
  for (const item of items) {
    if (!Array.isArray(item)) continue;
    const [id, fields] = item as [unknown, unknown];
    const entryId = Buffer.isBuffer(id) ? id.toString("latin1") : String(id);
    out.push({ id: entryId, fields: Array.isArray(fields) ? (fields as Buffer[]) : null });
  }
  return out;
}

/** XREAD / XREADGROUP Buffer reply → entries per stream key. */
export function parseStreamsReply(
  reply: unknown,
): { stream: string; entries: ReturnType<typeof parseEntries> }[] {
  if (!Array.isArray(reply)) return [];
  return reply.flatMap((s) => {
    if (!Array.isArray(s)) return [];
    const [key, items] = s as [unknown, unknown];
    const stream = Buffer.isBuffer(key) ? key.toString("utf8") : String(key);
    return [{ stream, entries: parseEntries(items) }];
  });
}
