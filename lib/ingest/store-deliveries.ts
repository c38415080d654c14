// Deliveries → `deliveries` (one INSERT … unnest … ON CONFLICT DO NOTHING RETURNING per batch) and
// their 'consume' rollups. A delivery without `type` or `publishedAt` borrows them from the stored
// message (one lookup query for all such rows); unknown types roll up under event type 0.
import type pg from "pg";
import type { Ids } from "@/lib/ingest/dimension-cache";
import type { Rollups } from "@/lib/ingest/rollups";
import type { DeliveryRow } from "@/lib/ingest/to-rows";

export type PreparedDeliveries = {
  rows: DeliveryRow[];
  brokerIds: number[];
  channelIds: number[];
  consumerIds: number[];
  typeIds: number[];
  values: unknown[];
};

const ERROR_OUTCOMES = new Set(["nack", "reject", "expired"]);

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function prepareDeliveries(input: readonly DeliveryRow[], ids: Ids): PreparedDeliveries {
  const keyed = input.map((row) => {
    const brokerId = ids.broker(row.broker);
    return { row, brokerId, consumerId: ids.service(row.consumer) };
  });
  // Primary-key order, for the same reason as events: no deadlock between overlapping batches.
  keyed.sort(
    (a, b) =>
      a.brokerId - b.brokerId ||
      cmp(a.row.messageId, b.row.messageId) ||
      a.consumerId - b.consumerId ||
      a.row.attempt - b.row.attempt,
  );
  const rows = keyed.map((k) => k.row);
  const brokerIds = keyed.map((k) => k.brokerId);
  const consumerIds = keyed.map((k) => k.consumerId);
  const channelIds = keyed.map((k) => ids.channel(k.brokerId, k.row.channel));
  const typeIds = rows.map((r) => (r.type === null ? 0 : ids.type(r.type)));
  const values = [
    brokerIds,
    rows.map((r) => r.messageId),
    consumerIds,
    rows.map((r) => r.attempt),
    channelIds,
    rows.map((r) => r.deliveredMs),
    rows.map((r) => r.ackedMs),
    rows.map((r) => r.outcome),
  ];
  return { rows, brokerIds, channelIds, consumerIds, typeIds, values };
}

const INSERT_DELIVERIES = `INSERT INTO deliveries (broker_id, message_id, consumer_id, attempt, channel_id, delivered_at, acked_at, outcome)
  SELECT u.b, u.m, u.cn, u.a, u.ch, 'epoch'::timestamptz + u.d * interval '1 millisecond',
    'epoch'::timestamptz + u.ak * interval '1 millisecond', u.o
  FROM unnest($1::int[], $2::text[], $3::int[], $4::int[], $5::int[], $6::int8[], $7::int8[], $8::text[]) AS u(b, m, cn, a, ch, d, ak, o)
  ON CONFLICT DO NOTHING
  RETURNING broker_id, message_id, consumer_id, attempt`;

// The message's type and publish time, for deliveries that did not carry them. The time bounds let
// Postgres prune partitions instead of probing every day's index.
const LOOKUP_MESSAGES = `SELECT u.i, m.event_type_id, (extract(epoch FROM m.published_at) * 1000)::int8 AS ms
  FROM unnest($1::int[], $2::int[], $3::text[], $4::int8[], $5::int8[]) AS u(i, b, id, p, d)
  CROSS JOIN LATERAL (
    SELECT event_type_id, published_at FROM messages
    WHERE broker_id = u.b AND message_id = u.id
      AND published_at <= 'epoch'::timestamptz + u.d * interval '1 millisecond' + interval '1 day'
      AND published_at >= 'epoch'::timestamptz + u.d * interval '1 millisecond' - interval '7 days'
      AND (u.p IS NULL OR published_at = 'epoch'::timestamptz + u.p * interval '1 millisecond')
    ORDER BY published_at DESC LIMIT 1) m`;

async function borrowFromMessages(
  client: pg.PoolClient,
  p: PreparedDeliveries,
  inserted: number[],
  publishedMs: (number | null)[],
): Promise<void> {
  const need = inserted.filter((i) => p.typeIds[i] === 0 || publishedMs[i] === null);
  if (need.length === 0) return;
  const { rows } = await client.query<{ i: number; event_type_id: number; ms: number }>(LOOKUP_MESSAGES, [
    need,
    need.map((i) => p.brokerIds[i]),
    need.map((i) => p.rows[i]!.messageId),
    need.map((i) => p.rows[i]!.publishedMs),
    need.map((i) => p.rows[i]!.deliveredMs),
  ]);
  for (const r of rows) {
    if (p.typeIds[r.i] === 0) p.typeIds[r.i] = r.event_type_id;
    publishedMs[r.i] ??= r.ms;
  }
}

/** The deliveries that were new (indexes into the prepared rows) and every row's type, borrowed ones included. */
export type InsertedDeliveries = { indexes: number[]; typeIds: number[] };

/** Inserts; returns which were new, and adds their 'consume' rollups. */
export async function insertDeliveries(
  client: pg.PoolClient,
  p: PreparedDeliveries,
  rollups: Rollups,
): Promise<InsertedDeliveries> {
  if (p.rows.length === 0) return { indexes: [], typeIds: [] };
  const result = await client.query<{
    broker_id: number;
    message_id: string;
    consumer_id: number;
    attempt: number;
  }>({
    name: "es_ingest_deliveries",
    text: INSERT_DELIVERIES,
    values: p.values,
  });
  let inserted: number[];
  if (result.rows.length === p.rows.length) {
    inserted = p.rows.map((_, i) => i);
  } else {
    const fresh = new Set(
      result.rows.map((r) => `${r.broker_id}\0${r.message_id}\0${r.consumer_id}\0${r.attempt}`),
    );
    inserted = [];
    for (let i = 0; i < p.rows.length; i++) {
      if (fresh.has(`${p.brokerIds[i]}\0${p.rows[i]!.messageId}\0${p.consumerIds[i]}\0${p.rows[i]!.attempt}`))
        inserted.push(i);
    }
  }
  // Copies: a retried transaction must start again from the prepared (unborrowed) values.
  const publishedMs = p.rows.map((r) => r.publishedMs);
  const typeIds = [...p.typeIds];
  await borrowFromMessages(client, { ...p, typeIds }, inserted, publishedMs);
  for (const i of inserted) {
    const r = p.rows[i]!;
    const pub = publishedMs[i] ?? null;
    rollups.add(
      r.deliveredMs,
      "consume",
      p.channelIds[i]!,
      typeIds[i]!,
      p.consumerIds[i]!,
      0,
      ERROR_OUTCOMES.has(r.outcome),
      pub === null ? null : r.deliveredMs - pub,
      r.ackedMs === null ? null : r.ackedMs - r.deliveredMs,
      r.ackedMs === null || pub === null ? null : r.ackedMs - pub,
    );
  }
  return { indexes: inserted, typeIds };
}
