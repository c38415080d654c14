// The Overview's read model: totals, per-minute throughput, channel rates and the latest events.
// Event counts come from rollup_minute sums (never count(*) over messages); dimension tables are
// small enough to count; the latest events are one LIMIT 20 walk of the published_at index.
import "server-only";
import { pool } from "@/lib/db/client";
import { OPEN_ITEMS_SQL } from "@/lib/dead-letters/filter";
import { HOUR_WATERMARK } from "@/lib/rollups/hour-compaction-rules";
import type { LiveEvent } from "@/lib/live/events";
import type { ChannelRate, OverviewData, OverviewTotals, ThroughputPoint } from "@/lib/overview/types";

export const THROUGHPUT_MINUTES = 15;
export const CHANNEL_WINDOW_MINUTES = 5;
export const LATEST_LIMIT = 20;

type TotalsRow = {
  now: Date;
  events_stored: number;
  events_last_hour: number;
  events_recent: number;
  recent_seconds: number;
  channels: number;
  event_types: number;
  services: number;
  dead_letters_pending: number;
};

// Sums are cast to bigint: pg returns numeric as a string, int8 as a number (lib/db/client.ts).
const TOTALS_SQL = `
SELECT now() AS now,
  -- Whole hours before the watermark's hour from rollup_hour, the rest from rollup_minute: retention
  -- deletes old minute rows (RETENTION_ROLLUP_MINUTE_DAYS), keeps their hours, and never goes past
  -- the watermark. (The watermark's own hour may be compacted only in part.)
  (SELECT COALESCE((SELECT sum(count) FROM rollup_hour WHERE edge = 'produce' AND hour < wm.h), 0)
        + COALESCE((SELECT sum(count) FROM rollup_minute WHERE edge = 'produce'
                     AND (wm.h IS NULL OR minute >= wm.h)), 0)
     FROM (SELECT date_trunc('hour', (SELECT through FROM rollup_watermark WHERE name = '${HOUR_WATERMARK}')) AS h) wm
  )::bigint AS events_stored,
  (SELECT COALESCE(sum(count), 0)::bigint FROM rollup_minute
    WHERE edge = 'produce' AND minute >= date_trunc('minute', now()) - interval '59 minutes') AS events_last_hour,
  (SELECT COALESCE(sum(count), 0)::bigint FROM rollup_minute
    WHERE edge = 'produce' AND minute >= date_trunc('minute', now()) - interval '1 minute'
      AND minute <= now()) AS events_recent,
  extract(epoch FROM now() - (date_trunc('minute', now()) - interval '1 minute'))::float8 AS recent_seconds,
  (SELECT count(*) FROM channels) AS channels,
  (SELECT count(*) FROM event_types) AS event_types,
  (SELECT count(*) FROM services) AS services,
  (SELECT count(*) FROM dead_letters WHERE state = 'pending')
    - (SELECT count(*) FROM dead_letters d JOIN (${OPEN_ITEMS_SQL}) ri ON ri.dead_letter_id = d.id
       WHERE d.state = 'pending') AS dead_letters_pending`;

// Completed minutes only, zero-filled: the current minute is still filling and would dip.
const THROUGHPUT_SQL = `
SELECT m.minute, COALESCE(sum(r.count), 0)::bigint AS count
FROM generate_series(date_trunc('minute', now()) - make_interval(mins => $1::int),
                     date_trunc('minute', now()) - interval '1 minute', interval '1 minute') AS m(minute)
LEFT JOIN rollup_minute r ON r.minute = m.minute AND r.edge = 'produce'
GROUP BY m.minute
ORDER BY m.minute`;

const CHANNELS_SQL = `
SELECT b.name AS broker, c.name AS channel, sum(r.count)::bigint AS count,
  extract(epoch FROM now() - (date_trunc('minute', now()) - make_interval(mins => $1::int)))::float8 AS seconds
FROM rollup_minute r
JOIN channels c ON c.id = r.channel_id
JOIN brokers b ON b.id = c.broker_id
WHERE r.edge = 'produce' AND r.minute >= date_trunc('minute', now()) - make_interval(mins => $1::int)
GROUP BY b.name, c.name
ORDER BY count DESC, b.name, c.name
LIMIT 50`;

// The inner LIMIT runs first on the partitioned index (a merge of per-day index scans), so the
// joins touch 20 rows whatever the table size.
const LATEST_SQL = `
SELECT m.message_id AS id, b.name AS broker, c.name AS channel, t.name AS type, s.name AS producer,
  m.published_at, m.size
FROM (SELECT message_id, broker_id, channel_id, event_type_id, producer_id, published_at, size
      FROM messages ORDER BY published_at DESC LIMIT $1) m
JOIN brokers b ON b.id = m.broker_id
JOIN channels c ON c.id = m.channel_id
LEFT JOIN event_types t ON t.id = m.event_type_id
LEFT JOIN services s ON s.id = m.producer_id
ORDER BY m.published_at DESC`;

type LatestRow = {
  id: string;
  broker: string;
  channel: string;
  type: string | null;
  producer: string | null;
  published_at: Date;
  size: number;
};

export async function getOverview(): Promise<OverviewData> {
  const db = pool();
  const [totals, throughput, channels, latest] = await Promise.all([
    db.query<TotalsRow>(TOTALS_SQL),
    db.query<{ minute: Date; count: number }>(THROUGHPUT_SQL, [THROUGHPUT_MINUTES]),
    db.query<{ broker: string; channel: string; count: number; seconds: number }>(CHANNELS_SQL, [
      CHANNEL_WINDOW_MINUTES,
    ]),
    db.query<LatestRow>(LATEST_SQL, [LATEST_LIMIT]),
  ]);
  const t = totals.rows[0];
  if (!t) throw new Error("overview totals query returned no row");

  const totalsOut: OverviewTotals = {
    eventsStored: t.events_stored,
    eventsLastHour: t.events_last_hour,
    channels: t.channels,
    eventTypes: t.event_types,
    services: t.services,
    deadLettersPending: t.dead_letters_pending,
  };
  const points: ThroughputPoint[] = throughput.rows.map((r) => ({
    t: r.minute.getTime() + 30_000, // plotted mid-minute: the rate is that minute's average
    eventsPerSecond: r.count / 60,
  }));
  const rates: ChannelRate[] = channels.rows.map((r) => ({
    broker: r.broker,
    channel: r.channel,
    eventsPerSecond: r.count / Math.max(1, r.seconds),
  }));
  const events: LiveEvent[] = latest.rows.map((r) => ({
    id: r.id,
    broker: r.broker,
    channel: r.channel,
    type: r.type ?? "unknown",
    producer: r.producer,
    publishedAt: r.published_at.toISOString(),
    size: r.size,
  }));
  return {
    generatedAt: t.now.toISOString(),
    eventsPerSecond: t.events_recent / Math.max(1, t.recent_seconds),
    totals: totalsOut,
    throughput: points,
    channels: rates,
    latest: events,
  };
}
