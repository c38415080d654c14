// Dead letters → `dead_letters` (ON CONFLICT (broker_id, dedupe_key) DO NOTHING: a collector that
// resends one after a lost acknowledgement stores it once) and their 'dead_letter' rollups, keyed by
// the original channel when known, else the dead-letter queue.
import type pg from "pg";
import type { Ids } from "@/lib/ingest/dimension-cache";
import type { Rollups } from "@/lib/ingest/rollups";
import type { DeadLetterRow } from "@/lib/ingest/to-rows";

export type PreparedDeadLetters = {
  rows: DeadLetterRow[];
  brokerIds: number[];
  channelIds: number[];
  originalIds: (number | null)[];
  typeIds: number[];
  values: unknown[];
};

export function prepareDeadLetters(input: readonly DeadLetterRow[], ids: Ids): PreparedDeadLetters {
  const keyed = input.map((row) => ({ row, brokerId: ids.broker(row.broker) }));
  keyed.sort(
    (a, b) =>
      a.brokerId - b.brokerId ||
      (a.row.dedupeKey < b.row.dedupeKey ? -1 : a.row.dedupeKey > b.row.dedupeKey ? 1 : 0),
  );
  const rows = keyed.map((k) => k.row);
  const brokerIds = keyed.map((k) => k.brokerId);
  const channelIds = keyed.map((k) => ids.channel(k.brokerId, k.row.channel));
  const originalIds = keyed.map((k) =>
    k.row.originalChannel === null ? null : ids.channel(k.brokerId, k.row.originalChannel),
  );
  const typeIds = rows.map((r) => (r.type === null ? 0 : ids.type(r.type)));
  const values = [
    brokerIds,
    rows.map((r) => r.dedupeKey),
    rows.map((r) => r.messageId),
    channelIds,
    originalIds,
    rows.map((r) => r.type),
    rows.map((r) => r.producer),
    rows.map((r) => r.reason),
    rows.map((r) => r.error),
    rows.map((r) => r.attempts),
    rows.map((r) => r.firstFailedMs),
    rows.map((r) => r.failedMs),
    rows.map((r) => r.headers),
    rows.map((r) => r.payload),
    rows.map((r) => r.contentType),
    rows.map((r) => r.traceId),
  ];
  return { rows, brokerIds, channelIds, originalIds, typeIds, values };
}

const INSERT_DEAD_LETTERS = `INSERT INTO dead_letters (id, broker_id, dedupe_key, message_id, channel_id, original_channel_id, event_type,
    producer, reason, error_text, attempts, first_failed_at, last_failed_at, headers, payload, content_type, trace_id)
  SELECT gen_random_uuid(), u.b, u.k, u.m, u.c, u.oc, u.t, u.pr, u.r, u.e, u.a,
    'epoch'::timestamptz + u.ff * interval '1 millisecond', 'epoch'::timestamptz + u.lf * interval '1 millisecond',
    u.h::jsonb, u.pl, u.ct, u.tr
  FROM unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[],
    $10::int[], $11::int8[], $12::int8[], $13::text[], $14::bytea[], $15::text[], $16::text[])
    AS u(b, k, m, c, oc, t, pr, r, e, a, ff, lf, h, pl, ct, tr)
  ON CONFLICT (broker_id, dedupe_key) DO NOTHING
  RETURNING broker_id, dedupe_key`;

/** Inserts; returns how many were new, and adds their rollups. */
export async function insertDeadLetters(
  client: pg.PoolClient,
  p: PreparedDeadLetters,
  rollups: Rollups,
): Promise<number> {
  if (p.rows.length === 0) return 0;
  const result = await client.query<{ broker_id: number; dedupe_key: string }>({
    name: "es_ingest_dead_letters",
    text: INSERT_DEAD_LETTERS,
    values: p.values,
  });
  const fresh =
    result.rows.length === p.rows.length
      ? null
      : new Set(result.rows.map((r) => `${r.broker_id}\0${r.dedupe_key}`));
  let count = 0;
  for (let i = 0; i < p.rows.length; i++) {
    const r = p.rows[i]!;
    if (fresh && !fresh.has(`${p.brokerIds[i]}\0${r.dedupeKey}`)) continue;
    count++;
    rollups.add(
      r.failedMs,
      "dead_letter",
      p.originalIds[i] ?? p.channelIds[i]!,
      p.typeIds[i]!,
      0,
      r.payload.length,
      false,
      null,
    );
  }
  return count;
}
