// Read model for the Collectors page: each registered collector with its token prefix (never the
// token or its hash), broker, what its last heartbeat said (throughput, outbox, errors) and its
// health (lib/collectors/collector-status.ts), judged on the database's clock; and its reprocess
// commands: how many are in flight, and how those of the last day ended.
import "server-only";
import { collectorStatus, statusDetail, type CollectorStatus } from "@/lib/collectors/collector-status";
import type { CollectorStats } from "@/lib/collectors/protocol";
import { pool } from "@/lib/db/client";

export type CollectorRow = {
  id: string;
  name: string;
  tokenPrefix: string;
  broker: string | null;
  brokerKind: string | null;
  version: string | null;
  hostname: string | null;
  status: CollectorStatus;
  /** Why, in a few words, when the status alone would leave you guessing ("disconnected", …). */
  statusDetail: string | null;
  /** Whether the agent said, in its last heartbeat, that it is connected to its broker. */
  brokerConnected: boolean | null;
  lastSeenAt: string | null;
  /** When the server received the last heartbeat. */
  heartbeatAt: string | null;
  connectedAt: string | null;
  disconnectedAt: string | null;
  eventsPerSecond: number | null;
  outbox: { items: number; bytes: number } | null;
  errors: number | null;
  lastError: { at: string; message: string } | null;
  /** Dead letters the server stored for this agent since it started (from its heartbeat). */
  deadLetters: number | null;
  /** The largest broker figures of its last heartbeat: consumer lag and queue depth, biggest first (at most 20). */
  gauges: { channel: string; consumer?: string; name: string; value: number }[];
  /** Its reprocess commands: those in flight, and the outcomes of the last `hours` hours. */
  commands: CommandOutcomes;
  createdAt: string;
  revoked: boolean;
};

export type CommandOutcomes = {
  /** Not finished yet: waiting to be pushed, or taken and not answered. */
  open: number;
  /** The window of the counts below and of lastFinishedAt (OUTCOME_HOURS). */
  hours: number;
  succeeded: number;
  failed: number;
  /** Finished while the agent could not rule out a second copy on the broker (a crash mid-publish). */
  possibleDuplicates: number;
  lastFinishedAt: string | null;
};

/** The window of the outcomes the page shows. */
const OUTCOME_HOURS = 24;

export type CollectorsData = { now: string; collectors: CollectorRow[] };

type Heartbeat = {
  receivedAt?: string;
  brokerConnected?: boolean;
  stats?: Partial<CollectorStats>;
  lastError?: { at: string; message: string };
};

type Row = {
  now: Date;
  id: string;
  name: string;
  token_prefix: string;
  broker: string | null;
  broker_kind: string | null;
  version: string | null;
  hostname: string | null;
  heartbeat: Heartbeat | null;
  last_seen_at: Date | null;
  connected_at: Date | null;
  disconnected_at: Date | null;
  created_at: Date;
  revoked_at: Date | null;
  /** lastFinishedAt as jsonb renders a timestamptz: normalised to an ISO instant below. */
  commands: Omit<CommandOutcomes, "hours">;
  gauges: CollectorRow["gauges"] | null;
};

export async function getCollectors(): Promise<CollectorsData> {
  // Of the gauges (up to 500 per collector) only the 20 biggest lags and depths leave the database.
  const { rows } = await pool().query<Row>(
    `SELECT now() AS now, c.id, c.name, c.token_prefix, b.name AS broker, COALESCE(c.broker_kind, NULLIF(b.kind, 'unknown')) AS broker_kind,
            c.version, c.hostname, c.status - 'gauges' AS heartbeat, c.last_seen_at, c.connected_at, c.disconnected_at,
            c.created_at, c.revoked_at,
            (
              -- The window's counts: index-only on reprocess_items_finished_commands_idx; those in flight
              -- on reprocess_items_open_commands_idx.
              SELECT jsonb_build_object(
                'open', (SELECT count(*)::int FROM reprocess_items o WHERE o.collector_id = c.id AND o.state = 'sent'),
                'succeeded', count(*) FILTER (WHERE cc.state = 'succeeded'),
                'failed', count(*) FILTER (WHERE cc.state = 'failed'),
                'possibleDuplicates', count(*) FILTER (WHERE cc.possible_duplicate),
                'lastFinishedAt', max(cc.finished_at))
              FROM reprocess_items cc
              WHERE cc.collector_id = c.id AND cc.finished_at IS NOT NULL AND cc.finished_at > now() - make_interval(hours => $1)
            ) AS commands,
            (SELECT jsonb_agg(g ORDER BY (g->>'value')::float8 DESC) FROM (
               SELECT g FROM jsonb_array_elements(CASE WHEN jsonb_typeof(c.status->'gauges') = 'array' THEN c.status->'gauges' ELSE '[]' END) g
               WHERE g->>'name' IN ('lag', 'depth') ORDER BY (g->>'value')::float8 DESC LIMIT 20) top) AS gauges
     FROM collectors c LEFT JOIN brokers b ON b.id = c.broker_id
     ORDER BY c.revoked_at IS NOT NULL, c.name -- stable: rows must not move as heartbeats arrive
     LIMIT 500`,
    [OUTCOME_HOURS],
  );
  const now =
    rows[0]?.now ?? (await pool().query<{ now: Date }>("SELECT now() AS now")).rows[0]?.now ?? new Date();
  return { now: now.toISOString(), collectors: rows.map((r) => toRow(r, now)) };
}

function toRow(r: Row, now: Date): CollectorRow {
  const beat = r.heartbeat;
  const stats = beat?.stats;
  const heartbeatAt = beat?.receivedAt ? new Date(beat.receivedAt) : null;
  const input = {
    revoked: r.revoked_at !== null,
    connectedAt: r.connected_at,
    disconnectedAt: r.disconnected_at,
    heartbeatAt,
    lastSeenAt: r.last_seen_at,
  };
  const status = collectorStatus(input, now);
  return {
    id: r.id,
    name: r.name,
    tokenPrefix: r.token_prefix,
    broker: r.broker,
    brokerKind: r.broker_kind,
    version: r.version,
    hostname: r.hostname,
    status,
    statusDetail: statusDetail({ ...input, brokerConnected: beat?.brokerConnected ?? null }, status),
    brokerConnected: beat?.brokerConnected ?? null,
    lastSeenAt: r.last_seen_at?.toISOString() ?? null,
    heartbeatAt: heartbeatAt?.toISOString() ?? null,
    connectedAt: r.connected_at?.toISOString() ?? null,
    disconnectedAt: r.disconnected_at?.toISOString() ?? null,
    eventsPerSecond: stats?.eventsPerSecond ?? null,
    outbox:
      stats?.outboxItems === undefined ? null : { items: stats.outboxItems, bytes: stats.outboxBytes ?? 0 },
    errors: stats?.errors ?? null,
    lastError: beat?.lastError ?? null,
    deadLetters: stats?.deadLetters ?? null,
    commands: {
      ...r.commands,
      hours: OUTCOME_HOURS,
      lastFinishedAt: r.commands.lastFinishedAt && new Date(r.commands.lastFinishedAt).toISOString(),
    },
    gauges: r.gauges ?? [],
    createdAt: r.created_at.toISOString(),
    revoked: r.revoked_at !== null,
  };
}
