// The socket.io contract of the /live namespace (browsers), shared by server and client.
// Live is a hint: pushes carry small summaries; Postgres stays the record (a client that
// reconnects refetches over HTTP).

export const LIVE_NAMESPACE = "/live";
export const LIVE_VIEWS = [
  "overview",
  "collectors",
  "traffic",
  "deadLetters",
  "reprocess",
  "alerts",
] as const;
export type LiveView = (typeof LIVE_VIEWS)[number];

/** One newly stored event, as the Overview's "latest events" table shows it. */
export type LiveEvent = {
  id: string;
  broker: string;
  channel: string;
  type: string;
  producer: string | null;
  publishedAt: string; // ISO 8601
  size: number;
};

export type LiveSummary = {
  at: string; // ISO time the summary was built
  windowSec: number; // rates are averaged over this sliding window
  eventsPerSecond: number;
  channels: { broker: string; channel: string; eventsPerSecond: number }[]; // busiest first
  latest: LiveEvent[]; // newest first: the newest 20, or every one since the last push (at most 100)
  stored: { events: number; deliveries: number; deadLetters: number; duplicates: number }; // since this process started
};

/**
 * To the Collectors view: something about the collectors changed (a heartbeat, a connection, a
 * command's outcome); refetch the list. At most one per second, whatever the number of agents.
 */
export type CollectorsHint = { at: string };

/**
 * To views built from the rollups (Flows, Latency, Traces): new traffic was stored; refetch.
 * At most one per TRAFFIC_HINT_INTERVAL_MS, whatever the ingest rate.
 */
export type TrafficHint = { at: string };

/**
 * To the DLQ pages: dead letters were stored, or a command's outcome may have changed their states;
 * refetch. At most one per DEAD_LETTERS_HINT_INTERVAL_MS.
 */
export type DeadLettersHint = { at: string };

/**
 * To the DLQ page's reprocess progress: these requests' progress changed; refetch them
 * (GET /api/v1/reprocess/{id}). At most one per REPROCESS_HINT_INTERVAL_MS.
 */
export type ReprocessHint = { at: string; requestIds: string[] };

/**
 * To the Alerts pages, the firing banner and the sidebar badge: an evaluation cycle finished (values
 * and "evaluated at" moved), and `transitions` says whether any alert changed state (pending, firing,
 * resolved…): views that show only firing alerts refetch on those alone. At most one per
 * ALERTS_HINT_INTERVAL_MS.
 */
export type AlertsHint = { at: string; transitions: boolean };

export interface ServerToClientEvents {
  summary: (summary: LiveSummary) => void;
  collectors: (hint: CollectorsHint) => void;
  traffic: (hint: TrafficHint) => void;
  deadLetters: (hint: DeadLettersHint) => void;
  reprocess: (hint: ReprocessHint) => void;
  alerts: (hint: AlertsHint) => void;
  /** Sent just before the server disconnects a socket whose access ended (the reason, readable). */
  access_ended: (reason: string) => void;
}

export interface ClientToServerEvents {
  subscribe: (view: LiveView, ack?: (res: { ok: boolean; error?: string }) => void) => void;
  unsubscribe: (view: LiveView) => void;
}

/**
 * What ingest reports to the live hub after a batch is committed (only rows actually stored), and
 * what one instance relays to the others for all its batches since the last relay.
 */
export type IngestedBatch = {
  /** The newest stored events, newest first: a few (the Overview shows 20), not all of them. */
  events: LiveEvent[];
  /** Events stored: all of them, however few `events` lists. */
  total: number;
  /** [broker, channel, events stored] for every stored event: the rates per channel. */
  channels: [string, string, number][];
  deliveries: number;
  deadLetters: number;
  duplicates: number;
};
