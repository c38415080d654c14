// The Overview's read model, shared by the server query, the JSON route and the client (JSON-safe).
import type { LiveEvent } from "@/lib/live/events";

/** Events per second at a point in time; t is epoch milliseconds. */
export type ThroughputPoint = { t: number; eventsPerSecond: number };

export type ChannelRate = { broker: string; channel: string; eventsPerSecond: number };

export type OverviewTotals = {
  eventsStored: number;
  eventsLastHour: number;
  channels: number;
  eventTypes: number;
  services: number;
  deadLettersPending: number;
};

export type OverviewData = {
  /** Database time the model was read (ISO 8601); live deltas are counted from here. */
  generatedAt: string;
  /** Average over the current and previous minute (rollups), until live pushes take over. */
  eventsPerSecond: number;
  totals: OverviewTotals;
  /** Per completed minute over the last 15 minutes, oldest first, zero-filled. */
  throughput: ThroughputPoint[];
  /** Over the last five minutes, busiest first. */
  channels: ChannelRate[];
  /** Newest first (by publish time), at most 20. */
  latest: LiveEvent[];
};
