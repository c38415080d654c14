// Events → `messages`: one query for the keys that already exist, then one COPY of the rest, in
// the batch transaction. A concurrent batch that stored one of those keys in between makes the
// COPY fail with a unique violation, and the whole transaction is retried (store-batch.ts), so
// the outcome is that of INSERT … ON CONFLICT DO NOTHING at COPY speed. Only new rows feed rollups
// and the live hub.
import type pg from "pg";
import { copyInto, copyValue } from "@/lib/ingest/copy-rows";
import type { Ids } from "@/lib/ingest/dimension-cache";
import type { Rollups } from "@/lib/ingest/rollups";
import type { EventRow } from "@/lib/ingest/to-rows";

export type PreparedEvents = {
  rows: EventRow[];
  brokerIds: number[];
  channelIds: number[];
  typeIds: number[];
  producerIds: number[];
};

const COLUMNS =
  "broker_id, message_id, published_at, observed_at, channel_id, event_type_id, producer_id, size, trace_id, span_id, headers, payload, payload_truncated, shape_hash, valid";

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Resolves ids once (reused when the transaction is retried). Rows are sorted by primary key: two
 * concurrent batches with overlapping events then wait on each other in the same order instead of
 * deadlocking.
 */
export function prepareEvents(input: readonly EventRow[], ids: Ids): PreparedEvents {
  const keyed = input.map((row) => ({ row, brokerId: ids.broker(row.broker) }));
  keyed.sort(
    (a, b) => a.brokerId - b.brokerId || cmp(a.row.id, b.row.id) || a.row.publishedMs - b.row.publishedMs,
  );
  const n = keyed.length;
  const p: PreparedEvents = {
    rows: new Array(n),
    brokerIds: new Array(n),
    channelIds: new Array(n),
    typeIds: new Array(n),
    producerIds: new Array(n),
  };
  for (let i = 0; i < n; i++) {
    const { row, brokerId } = keyed[i]!;
    p.rows[i] = row;
    p.brokerIds[i] = brokerId;
    p.channelIds[i] = ids.channel(brokerId, row.channel);
    p.typeIds[i] = ids.type(row.type);
    p.producerIds[i] = row.producer === null ? 0 : ids.service(row.producer);
  }
  return p;
}

// Probes the primary key on (broker_id, message_id) within the batch's time range, so only the
// partitions of the batch's days are searched; exact keys are matched in JS.
const EXISTING = `SELECT broker_id, message_id, (extract(epoch FROM published_at) * 1000)::int8 AS ms FROM messages
  WHERE broker_id = ANY($1::int[]) AND message_id = ANY($2::text[])
    AND published_at BETWEEN $3::timestamptz AND $4::timestamptz`;

async function existingKeys(client: pg.PoolClient, p: PreparedEvents): Promise<Set<string>> {
  let min = Infinity;
  let max = -Infinity;
  for (const r of p.rows) {
    if (r.publishedMs < min) min = r.publishedMs;
    if (r.publishedMs > max) max = r.publishedMs;
  }
  const brokers = [...new Set(p.brokerIds)];
  const { rows } = await client.query<{ broker_id: number; message_id: string; ms: number }>({
    name: "es_ingest_existing_messages",
    text: EXISTING,
    values: [brokers, p.rows.map((r) => r.id), new Date(min).toISOString(), new Date(max).toISOString()],
  });
  return new Set(rows.map((r) => `${r.broker_id}\0${r.message_id}\0${r.ms}`));
}

function copyText(p: PreparedEvents, indexes: readonly number[]): string {
  let out = "";
  for (const i of indexes) {
    const r = p.rows[i]!;
    const producer = p.producerIds[i]!;
    out +=
      `${p.brokerIds[i]}\t${copyValue(r.id)}\t${new Date(r.publishedMs).toISOString()}\t${new Date(r.observedMs).toISOString()}\t` +
      `${p.channelIds[i]}\t${p.typeIds[i]}\t${producer === 0 ? "\\N" : producer}\t${r.size}\t${copyValue(r.traceId)}\t${copyValue(r.spanId)}\t` +
      `${copyValue(r.headers)}\t${copyValue(r.payload)}\t${r.truncated ? "t" : "f"}\t${copyValue(r.shapeHash)}\t${r.valid === null ? "\\N" : r.valid ? "t" : "f"}\n`;
  }
  return out;
}

/** Stores the rows not stored yet; returns their indexes (into p.rows) and adds their rollups. */
export async function insertEvents(
  client: pg.PoolClient,
  p: PreparedEvents,
  rollups: Rollups,
): Promise<number[]> {
  if (p.rows.length === 0) return [];
  const existing = await existingKeys(client, p);
  const inserted: number[] = [];
  for (let i = 0; i < p.rows.length; i++) {
    if (
      existing.size === 0 ||
      !existing.has(`${p.brokerIds[i]}\0${p.rows[i]!.id}\0${p.rows[i]!.publishedMs}`)
    )
      inserted.push(i);
  }
  if (inserted.length === 0) return inserted;
  await copyInto(client, "messages", COLUMNS, copyText(p, inserted));
  for (const i of inserted) {
    const r = p.rows[i]!;
    rollups.add(
      r.publishedMs,
      "produce",
      p.channelIds[i]!,
      p.typeIds[i]!,
      p.producerIds[i]!,
      r.size,
      false,
      r.observedMs - r.publishedMs,
    );
  }
  return inserted;
}
