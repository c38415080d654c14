// The flows API's JSON shapes, shared by the route handlers (app/api/v1/flows/**), the page
// (components/flows/**) and the tests. Times are ISO strings, rates are per second.

export const FLOW_WINDOWS = ["live", "15m", "1h", "24h", "7d"] as const;
export type FlowWindow = (typeof FLOW_WINDOWS)[number];

export type EdgeKind = "produce" | "consume" | "dead_letter";
/** Colour of an edge: error rate or latency against lib/flows/thresholds.ts. */
export type Health = "ok" | "warn" | "danger" | "idle";

export type Percentiles = { p50: number | null; p95: number | null; p99: number | null };

export type FlowNode = {
  /** `svc:<service id>` (0: unknown service), `ch:<channel id>` or `dlq:<channel id>` (a DLQ not seen yet). */
  id: string;
  kind: "service" | "channel" | "dlq";
  name: string;
  /** Channels and DLQs: their broker's name. */
  broker: string | null;
  /** Events per second into the node (produce edges for a channel, consume edges for a service). */
  inRate: number;
  outRate: number;
  /** Broker gauges of a channel (latest in the window), when its collector reports them. */
  depth: number | null;
  lag: number | null;
  live: boolean;
};

export type FlowEdge = {
  /** `produce:<svc>:<ch>`, `consume:<ch>:<svc>` or `dead_letter:<ch>`. */
  id: string;
  kind: EdgeKind;
  source: string;
  target: string;
  channelId: number;
  serviceId: number | null;
  count: number;
  errors: number;
  bytes: number;
  rate: number;
  errorRate: number;
  /** produce: publish → seen by the collector; consume: publish → deliver. Milliseconds. */
  latency: Percentiles;
  /** consume edges: publish → ack. */
  e2e: Percentiles | null;
  /** consume edges: the consumer's lag as its broker reports it (latest in the window). */
  lag: number | null;
  types: string[];
  /** Traffic in the last two minutes. */
  live: boolean;
  health: Health;
};

export type FlowFacets = { brokers: string[]; types: string[]; services: string[]; channels: string[] };

export type FlowGraph = {
  window: FlowWindow;
  generatedAt: string;
  from: string;
  /** Seconds the rates are averaged over (the covered minutes up to now). */
  seconds: number;
  nodes: FlowNode[];
  edges: FlowEdge[];
  facets: FlowFacets;
};

export type FlowSeriesPoint = {
  t: string;
  count: number;
  errors: number;
  rate: number;
  p95: number | null;
};

export type RecentEvent = {
  id: string;
  type: string;
  producer: string | null;
  publishedAt: string;
  size: number;
};

export type FlowEdgeDetail = {
  window: FlowWindow;
  edge: FlowEdge;
  source: FlowNode;
  target: FlowNode;
  channel: { id: number; name: string; broker: string };
  service: string | null;
  stepSeconds: number;
  series: FlowSeriesPoint[];
  types: { name: string; count: number; rate: number }[];
  /** The 10 latest messages of the edge's channel. */
  recent: RecentEvent[];
};
