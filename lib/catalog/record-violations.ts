// Violations of registered schemas by a committed batch's new events (never a resent duplicate),
// summed per (version, failing place, keyword) and added to schema_violations in one statement.
// The first example (the stored, redacted sample) and its message id stay.
import { pool } from "@/lib/db/client";
import type { StoredBatch } from "@/lib/ingest/store-batch";

type Tally = {
  versionId: number;
  typeId: number;
  path: string;
  keyword: string;
  message: string;
  count: number;
  example: string | null;
  messageId: string;
};

const UPSERT = `INSERT INTO schema_violations (schema_version_id, event_type_id, path, keyword, message, count, example, example_message_id, first_seen_at, last_seen_at)
  SELECT v, t, p, k, m, n, e::jsonb, id, $9, $9
  FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::int8[], $7::text[], $8::text[]) AS u(v, t, p, k, m, n, e, id)
  WHERE EXISTS (SELECT 1 FROM schema_versions sv WHERE sv.id = u.v)
  ORDER BY v, p, k
  ON CONFLICT (schema_version_id, path, keyword) DO UPDATE
    SET count = schema_violations.count + EXCLUDED.count, last_seen_at = EXCLUDED.last_seen_at`;

/** The batch's violations, summed (exported for tests). */
export function tallyViolations(stored: StoredBatch): Tally[] {
  const tally = new Map<string, Tally>();
  const rows = stored.events.rows;
  for (const i of stored.insertedEvents) {
    const row = rows[i]!;
    if (!row.failure) continue;
    for (const v of row.failure.violations) {
      const key = `${row.failure.versionId}\0${v.path}\0${v.keyword}`;
      const t = tally.get(key);
      if (t) t.count++;
      else
        tally.set(key, {
          versionId: row.failure.versionId,
          typeId: row.failure.typeId,
          path: v.path,
          keyword: v.keyword,
          message: v.message,
          count: 1,
          example: row.payload,
          messageId: row.id,
        });
    }
  }
  return [...tally.values()];
}

export async function recordViolations(stored: StoredBatch, nowMs = Date.now()): Promise<number> {
  const tally = tallyViolations(stored);
  if (tally.length === 0) return 0;
  await pool().query({
    name: "es_catalog_violations",
    text: UPSERT,
    values: [
      tally.map((t) => t.versionId),
      tally.map((t) => t.typeId),
      tally.map((t) => t.path),
      tally.map((t) => t.keyword),
      tally.map((t) => t.message),
      tally.map((t) => t.count),
      tally.map((t) => t.example),
      tally.map((t) => t.messageId),
      new Date(nowMs),
    ],
  });
  return tally.length;
}
