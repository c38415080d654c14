// The traces API's JSON shapes (GET /api/v1/traces, GET /api/v1/traces/{traceId}), shared by the
// routes, the pages (components/traces/**) and the tests. Times are ISO strings.
import type { Attributes, SpanEvent, SpanKind, SpanLink, StatusCode } from "@/lib/traces/normalize-spans";

export type TraceSummary = {
  traceId: string;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  rootService: string | null;
  rootName: string | null;
  services: string[];
  types: string[];
  spanCount: number;
  messageCount: number;
  errorCount: number;
};

export type TraceList = { items: TraceSummary[]; nextCursor: string | null };

export type TraceSpan = {
  spanId: string;
  parentSpanId: string | null;
  name: string;
  serviceName: string | null;
  kind: SpanKind | null;
  startTime: string;
  endTime: string;
  durationMs: number;
  statusCode: StatusCode;
  statusMessage: string | null;
  attributes: Attributes;
  messageId: string | null;
  messagingSystem: string | null;
  destination: string | null;
  operation: string | null;
  links: SpanLink[] | null;
  events: SpanEvent[] | null;
  resource: Attributes | null;
};

export type TraceDelivery = {
  consumer: string;
  channel: string;
  attempt: number;
  deliveredAt: string;
  ackedAt: string | null;
  outcome: string;
};

export type TraceMessage = {
  /** broker/message id/published time: unique among messages. */
  key: string;
  broker: string;
  messageId: string;
  channel: string;
  type: string;
  producer: string | null;
  publishedAt: string;
  observedAt: string;
  traceId: string | null;
  spanId: string | null;
  size: number;
  /** The redacted, truncated sample ingest kept; null when absent or the caller may not read payloads. */
  payload: unknown;
  payloadHidden: boolean;
  payloadTruncated: boolean;
  deliveries: TraceDelivery[];
  /** The span that published it (same trace/span id, or a producer span naming its message id). */
  publishSpanId: string | null;
  /** Spans that received or processed it (message id, or a batch consumer's link to its span). */
  consumerSpanIds: string[];
};

export type TraceDetail = {
  traceId: string;
  summary: TraceSummary | null;
  spans: TraceSpan[];
  messages: TraceMessage[];
  /** More spans or messages exist than the page shows. */
  truncated: boolean;
};
