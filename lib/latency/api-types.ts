// The JSON shapes of the latency API (GET /api/v1/latency and /api/v1/latency/scopes), shared by
// the route, the page and the tests. Latencies are milliseconds; null where there is no sample.
import type { Hop, LatencyEdge } from "@/lib/latency/latency-schemas";
import type { HistogramBin } from "@/lib/latency/histogram-bins";
import type { RangeKey } from "@/lib/latency/window";

export type Percentiles = { p50: number | null; p95: number | null; p99: number | null };

export type LatencyPoint = Percentiles & {
  /** Start of the step (ISO). */
  t: string;
  /** Messages (produce edge) or deliveries (consume edge) in the step. */
  count: number;
  errors: number;
  /** Observations in the step's histogram (a delivery without an ack has no e2e sample). */
  samples: number;
};

export type LatencySummary = Percentiles & { count: number; errors: number; samples: number };

export type LatencyPeriod = {
  from: string;
  to: string;
  summary: LatencySummary;
  series: LatencyPoint[];
};

export type LatencyThreshold = {
  ruleId: string;
  name: string;
  percentile: "p50" | "p95" | "p99";
  thresholdMs: number;
  severity: string;
};

export type LatencyResult = LatencyPeriod & {
  scope: {
    type: string | null;
    channel: { id: number; name: string; broker: string } | null;
    service: string | null;
    edge: LatencyEdge;
  };
  hop: Hop;
  /** True when the hop was chosen by the server (e2e when the window has any, else deliver). */
  hopDefaulted: boolean;
  range: RangeKey | null;
  stepSeconds: number;
  /** The window ends at the current minute (the page follows live pushes). */
  live: boolean;
  histogram: HistogramBin[];
  /** The same query over the period just before (same length), when compare=1. */
  previous: LatencyPeriod | null;
  thresholds: LatencyThreshold[];
};

export type LatencyScopes = {
  types: string[];
  channels: { id: number; name: string; broker: string }[];
  services: string[];
};
