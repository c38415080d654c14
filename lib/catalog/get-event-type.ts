// The event type page's read model (GET /api/v1/event-types/{name}): the entry, its links, its
// current schema, figures from the per-minute rollups (never from raw messages), its violations
// and the newest sample payloads. Payloads (samples, examples) are left out for a caller without
// payloads:read.
import "server-only";
import type { EventTypeDetail, ViolationView } from "@/lib/catalog/api-types";
import { noSuchType } from "@/lib/catalog/catalog-schemas";
import type { CompatibilityMode } from "@/lib/catalog/compatibility";
import type { Drift } from "@/lib/catalog/drift";
import { currentSchemas, toVersionView } from "@/lib/catalog/schema-versions";
import { typeLinks } from "@/lib/catalog/type-links";
import { pool } from "@/lib/db/client";
import { histogramQuantile } from "@/lib/latency/buckets";

const MINUTE_MS = 60_000;
export const SAMPLE_LIMIT = 10;
export const VIOLATION_LIMIT = 100;

type TypeRow = {
  id: number;
  name: string;
  description: string | null;
  owner: string | null;
  tags: string[];
  compatibility: CompatibilityMode;
  first_seen_at: Date;
  last_seen_at: Date;
  inferred_version: number | null;
  registered_version: number | null;
  drift: Drift | null;
};

// Produced events per minute of the hour (zero-filled), the day's total, and — over the hour —
// failed deliveries plus dead letters, and the delivery latency (published → delivered) merged
// from the consume histograms.
const STATS_SQL = `
WITH w AS (SELECT $2::timestamptz AS asof)
SELECT
  ARRAY(SELECT COALESCE(sum(r.count), 0)::bigint
          FROM generate_series((SELECT asof FROM w) - interval '60 minutes', (SELECT asof FROM w) - interval '1 minute', interval '1 minute') AS m(minute)
          LEFT JOIN rollup_minute r ON r.minute = m.minute AND r.event_type_id = $1 AND r.edge = 'produce'
         GROUP BY m.minute ORDER BY m.minute) AS per_minute,
  (SELECT COALESCE(sum(count), 0)::bigint FROM rollup_minute WHERE event_type_id = $1 AND edge = 'produce'
      AND minute >= (SELECT asof FROM w) - interval '24 hours' AND minute < (SELECT asof FROM w)) AS last_day,
  (SELECT COALESCE(sum(CASE WHEN edge = 'dead_letter' THEN count ELSE errors END), 0)::bigint FROM rollup_minute
    WHERE event_type_id = $1 AND edge IN ('consume', 'dead_letter')
      AND minute >= (SELECT asof FROM w) - interval '60 minutes' AND minute < (SELECT asof FROM w)) AS errors,
  (SELECT es_hist_sum(latency) FROM rollup_minute WHERE event_type_id = $1 AND edge = 'consume'
      AND minute >= (SELECT asof FROM w) - interval '60 minutes' AND minute < (SELECT asof FROM w)) AS latency`;

type StatsRow = { per_minute: number[]; last_day: number; errors: number; latency: number[] | null };

async function stats(typeId: number, asOfMs: number): Promise<EventTypeDetail["stats"]> {
  const { rows } = await pool().query<StatsRow>(STATS_SQL, [typeId, new Date(asOfMs)]);
  const r = rows[0]!;
  const hist = r.latency ?? [];
  const round = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);
  return {
    lastHour: r.per_minute.reduce((a, b) => a + Number(b), 0),
    lastDay: r.last_day,
    throughput: r.per_minute.map((count, i) => ({
      minute: new Date(asOfMs - (60 - i) * MINUTE_MS).toISOString(),
      count: Number(count),
    })),
    errors: r.errors,
    latencyMs: {
      p50: round(histogramQuantile(hist, 0.5)),
      p95: round(histogramQuantile(hist, 0.95)),
      p99: round(histogramQuantile(hist, 0.99)),
    },
  };
}

async function violations(typeId: number, showPayloads: boolean): Promise<ViolationView[]> {
  const { rows } = await pool().query<{
    version: number;
    path: string;
    keyword: string;
    message: string;
    count: number;
    example: unknown;
    example_message_id: string | null;
    first_seen_at: Date;
    last_seen_at: Date;
  }>(
    `SELECT sv.version, v.path, v.keyword, v.message, v.count, v.example, v.example_message_id,
            v.first_seen_at, v.last_seen_at
       FROM schema_violations v JOIN schema_versions sv ON sv.id = v.schema_version_id
      WHERE v.event_type_id = $1
      ORDER BY v.last_seen_at DESC, sv.version DESC, v.path
      LIMIT ${VIOLATION_LIMIT}`,
    [typeId],
  );
  return rows.map((r) => ({
    version: r.version,
    path: r.path,
    keyword: r.keyword,
    message: r.message,
    count: r.count,
    example: showPayloads ? r.example : null,
    exampleMessageId: r.example_message_id,
    firstSeenAt: r.first_seen_at.toISOString(),
    lastSeenAt: r.last_seen_at.toISOString(),
  }));
}

// The inner LIMIT walks the (event_type_id, published_at) index of each day's partition.
async function samples(typeId: number, showPayloads: boolean): Promise<EventTypeDetail["samples"]> {
  const { rows } = await pool().query<{
    message_id: string;
    published_at: Date;
    producer: string | null;
    channel: string;
    payload: unknown;
    payload_truncated: boolean;
    valid: boolean | null;
  }>(
    `SELECT m.message_id, m.published_at, s.name AS producer, c.name AS channel, m.payload,
            m.payload_truncated, m.valid
       FROM (SELECT * FROM messages WHERE event_type_id = $1 ORDER BY published_at DESC LIMIT ${SAMPLE_LIMIT}) m
       JOIN channels c ON c.id = m.channel_id
       LEFT JOIN services s ON s.id = m.producer_id
      ORDER BY m.published_at DESC`,
    [typeId],
  );
  return rows.map((r) => ({
    messageId: r.message_id,
    publishedAt: r.published_at.toISOString(),
    producer: r.producer,
    channel: r.channel,
    payload: showPayloads ? r.payload : null,
    truncated: r.payload_truncated,
    valid: r.valid,
  }));
}

/** 404 for an unknown name; `nowMs` fixes the clock (tests). */
export async function getEventType(
  name: string,
  opts: { showPayloads: boolean; nowMs?: number },
): Promise<EventTypeDetail> {
  const { rows } = await pool().query<TypeRow>(
    `SELECT id, name, description, owner, tags, compatibility, first_seen_at, last_seen_at,
            inferred_version, registered_version, drift
       FROM event_types WHERE name = $1`,
    [name],
  );
  const t = rows[0];
  if (!t) throw noSuchType(name);
  const asOfMs = Math.floor((opts.nowMs ?? Date.now()) / MINUTE_MS) * MINUTE_MS;
  const [links, current, figures, found, recent] = await Promise.all([
    typeLinks([t.id]),
    currentSchemas([t.id]),
    stats(t.id, asOfMs),
    violations(t.id, opts.showPayloads),
    samples(t.id, opts.showPayloads),
  ]);
  const l = links.get(t.id);
  const schema = current.get(t.id);
  return {
    name: t.name,
    description: t.description,
    owner: t.owner,
    tags: t.tags,
    firstSeenAt: t.first_seen_at.toISOString(),
    lastSeenAt: t.last_seen_at.toISOString(),
    brokers: l?.brokers ?? [],
    channels: l?.channels ?? [],
    producers: l?.producers ?? [],
    consumers: l?.consumers ?? [],
    inferredVersion: t.inferred_version,
    registeredVersion: t.registered_version,
    compatibility: t.compatibility,
    drifted: t.drift !== null,
    drift: t.drift,
    produces: l?.produces ?? [],
    consumes: l?.consumes ?? [],
    currentSchema: schema ? toVersionView(schema, opts.showPayloads) : null,
    stats: figures,
    violations: found,
    samples: recent,
  };
}
