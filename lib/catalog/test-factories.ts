// Catalog state for tests, written straight into the tables the live pipeline maintains (links,
// inferred versions, violations, rollups), so the API's tests do not depend on that pipeline.
import { schemaFingerprint } from "@/lib/catalog/fingerprint";
import type { JsonSchema } from "@/lib/catalog/infer-schema";
import { pool } from "@/lib/db/client";

async function idOf(table: "brokers" | "services" | "event_types", name: string): Promise<number> {
  const { rows } = await pool().query<{ id: number }>(
    `INSERT INTO ${table} (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
    [name],
  );
  return rows[0]!.id;
}

export async function channelId(broker: string, channel: string): Promise<number> {
  const brokerId = await idOf("brokers", broker);
  const { rows } = await pool().query<{ id: number }>(
    `INSERT INTO channels (broker_id, name) VALUES ($1, $2)
     ON CONFLICT (broker_id, name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
    [brokerId, channel],
  );
  return rows[0]!.id;
}

export const serviceId = (name: string) => idOf("services", name);

export type TypeFields = {
  description?: string;
  owner?: string;
  tags?: string[];
  lastSeenAt?: Date;
  drift?: unknown;
};

/** A catalog entry (created or updated); returns its id. */
export async function makeType(name: string, fields: TypeFields = {}): Promise<number> {
  const id = await idOf("event_types", name);
  await pool().query(
    `UPDATE event_types SET description = $2, owner = $3, tags = $4,
            last_seen_at = COALESCE($5, last_seen_at), drift = $6::jsonb WHERE id = $1`,
    [
      id,
      fields.description ?? null,
      fields.owner ?? null,
      fields.tags ?? [],
      fields.lastSeenAt ?? null,
      fields.drift === undefined ? null : JSON.stringify(fields.drift),
    ],
  );
  return id;
}

/** A link as ingest records it: `service` null is the unknown service (0). */
export async function link(
  typeId: number,
  at: { broker: string; channel: string; service: string | null; role: "produce" | "consume" },
): Promise<void> {
  const c = await channelId(at.broker, at.channel);
  const s = at.service === null ? 0 : await serviceId(at.service);
  await pool().query(
    `INSERT INTO event_type_links (event_type_id, channel_id, service_id, role) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING`,
    [typeId, c, s, at.role],
  );
}

/** One rollup row; `minute` is truncated to the minute. */
export async function rollup(
  typeId: number,
  row: {
    minute: Date;
    edge?: "produce" | "consume" | "dead_letter";
    channel?: number;
    service?: number;
    count: number;
    errors?: number;
    latency?: number[];
  },
): Promise<void> {
  await pool().query(
    `INSERT INTO rollup_minute (minute, edge, channel_id, event_type_id, service_id, count, errors, latency)
     VALUES (date_trunc('minute', $1::timestamptz), $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (minute, edge, channel_id, event_type_id, service_id) DO UPDATE SET
       count = rollup_minute.count + EXCLUDED.count, errors = rollup_minute.errors + EXCLUDED.errors,
       latency = es_hist_add(rollup_minute.latency, EXCLUDED.latency)`,
    [
      row.minute,
      row.edge ?? "produce",
      row.channel ?? 1,
      typeId,
      row.service ?? 0,
      row.count,
      row.errors ?? 0,
      row.latency ?? [],
    ],
  );
}

/** A schema version as inference (or a registration) would have stored it; returns its row id. */
export async function version(
  typeId: number,
  v: { version: number; source: "inferred" | "registered"; definition: JsonSchema; example?: unknown },
): Promise<number> {
  const { rows } = await pool().query<{ id: number }>(
    `INSERT INTO schema_versions (event_type_id, version, definition, fingerprint, source, example)
     VALUES ($1, $2, $3::jsonb, $4, $5, $6::jsonb) RETURNING id`,
    [
      typeId,
      v.version,
      JSON.stringify(v.definition),
      schemaFingerprint(v.definition),
      v.source,
      v.example === undefined ? null : JSON.stringify(v.example),
    ],
  );
  const column = v.source === "inferred" ? "inferred_version" : "registered_version";
  await pool().query(`UPDATE event_types SET ${column} = GREATEST(${column}, $2) WHERE id = $1`, [
    typeId,
    v.version,
  ]);
  return rows[0]!.id;
}

export async function violation(
  typeId: number,
  schemaVersionId: number,
  v: { path: string; keyword: string; message: string; count: number; example?: unknown },
): Promise<void> {
  await pool().query(
    `INSERT INTO schema_violations (schema_version_id, event_type_id, path, keyword, message, count, example, example_message_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, 'm-1')`,
    [
      schemaVersionId,
      typeId,
      v.path,
      v.keyword,
      v.message,
      v.count,
      v.example === undefined ? null : JSON.stringify(v.example),
    ],
  );
}
