// One trace's page (GET /api/v1/traces/{traceId}): its summary row, its spans, and the messages of
// its hops — those carrying its trace id (messages' trace_id index), those its spans name by message
// id (the primary key, probed once per broker) and those its batch consumers link to — each with
// its deliveries (primary key prefix) and the spans that published and consumed it.
import "server-only";
import { pool } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { TraceDelivery, TraceDetail, TraceMessage, TraceSpan } from "@/lib/traces/api-types";
import { joinHops } from "@/lib/traces/join-hops";
import type { Attributes, SpanEvent, SpanKind, SpanLink, StatusCode } from "@/lib/traces/normalize-spans";
import { SUMMARY_COLUMNS, toSummary, type SummaryRow } from "@/lib/traces/search-traces";

export const MAX_SPANS = 2000;
export const MAX_MESSAGES = 500;

type SpanRow = {
  span_id: string;
  parent_span_id: string | null;
  name: string;
  service_name: string | null;
  kind: SpanKind | null;
  start_time: Date;
  end_time: Date;
  status_code: StatusCode | null;
  status_message: string | null;
  attributes: Attributes | null;
  message_id: string | null;
  messaging_system: string | null;
  destination: string | null;
  operation: string | null;
  links: SpanLink[] | null;
  events: SpanEvent[] | null;
  resource: Attributes | null;
};

type MessageRow = {
  broker_id: number;
  broker: string;
  message_id: string;
  channel: string;
  type: string;
  producer: string | null;
  published_at: Date;
  observed_at: Date;
  trace_id: string | null;
  span_id: string | null;
  size: number;
  payload: unknown;
  payload_truncated: boolean;
};

type DeliveryRow = {
  broker_id: number;
  message_id: string;
  consumer: string;
  channel: string;
  attempt: number;
  delivered_at: Date;
  acked_at: Date | null;
  outcome: string;
};

function toSpan(r: SpanRow): TraceSpan {
  return {
    spanId: r.span_id,
    parentSpanId: r.parent_span_id,
    name: r.name,
    serviceName: r.service_name,
    kind: r.kind,
    startTime: r.start_time.toISOString(),
    endTime: r.end_time.toISOString(),
    durationMs: r.end_time.getTime() - r.start_time.getTime(),
    statusCode: r.status_code ?? "unset",
    statusMessage: r.status_message,
    attributes: r.attributes ?? {},
    messageId: r.message_id,
    messagingSystem: r.messaging_system,
    destination: r.destination,
    operation: r.operation,
    links: r.links,
    events: r.events,
    resource: r.resource,
  };
}

const MESSAGE_COLUMNS = `m.broker_id, b.name AS broker, m.message_id, c.name AS channel, et.name AS type,
  s.name AS producer, m.published_at, m.observed_at, m.trace_id, m.span_id, m.size, m.payload, m.payload_truncated`;
const MESSAGE_JOINS = `JOIN brokers b ON b.id = m.broker_id JOIN channels c ON c.id = m.channel_id
  JOIN event_types et ON et.id = m.event_type_id LEFT JOIN services s ON s.id = m.producer_id`;

async function messagesOf(traceId: string, spans: TraceSpan[]): Promise<MessageRow[]> {
  const named = [...new Set(spans.flatMap((s) => (s.messageId ? [s.messageId] : [])))];
  const linked = spans.flatMap((s) => s.links ?? []).filter((l) => l.traceId !== traceId);
  const { rows } = await pool().query<MessageRow>(
    `(SELECT ${MESSAGE_COLUMNS} FROM messages m ${MESSAGE_JOINS} WHERE m.trace_id = $1 LIMIT $5)
     UNION ALL
     (SELECT ${MESSAGE_COLUMNS} FROM messages m ${MESSAGE_JOINS}
       WHERE m.broker_id = ANY(ARRAY(SELECT id FROM brokers)) AND m.message_id = ANY($2::text[]) LIMIT $5)
     UNION ALL
     (SELECT ${MESSAGE_COLUMNS} FROM unnest($3::text[], $4::text[]) AS l(trace_id, span_id)
       JOIN messages m ON m.trace_id = l.trace_id AND m.span_id = l.span_id ${MESSAGE_JOINS} LIMIT $5)`,
    [traceId, named, linked.map((l) => l.traceId), linked.map((l) => l.spanId), MAX_MESSAGES + 1],
  );
  const seen = new Set<string>();
  return rows
    .filter((r) => {
      const key = `${r.broker_id}/${r.message_id}/${r.published_at.getTime()}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.published_at.getTime() - b.published_at.getTime());
}

async function deliveriesOf(messages: MessageRow[]): Promise<Map<string, TraceDelivery[]>> {
  const out = new Map<string, TraceDelivery[]>();
  if (messages.length === 0) return out;
  const { rows } = await pool().query<DeliveryRow>(
    `SELECT d.broker_id, d.message_id, s.name AS consumer, c.name AS channel, d.attempt, d.delivered_at,
            d.acked_at, d.outcome
     FROM unnest($1::int[], $2::text[]) AS k(b, id)
     JOIN deliveries d ON d.broker_id = k.b AND d.message_id = k.id
     JOIN services s ON s.id = d.consumer_id JOIN channels c ON c.id = d.channel_id
     ORDER BY d.delivered_at, s.name, d.attempt`,
    [messages.map((m) => m.broker_id), messages.map((m) => m.message_id)],
  );
  for (const r of rows) {
    const key = `${r.broker_id}/${r.message_id}`;
    out.set(key, [
      ...(out.get(key) ?? []),
      {
        consumer: r.consumer,
        channel: r.channel,
        attempt: r.attempt,
        deliveredAt: r.delivered_at.toISOString(),
        ackedAt: r.acked_at?.toISOString() ?? null,
        outcome: r.outcome,
      },
    ]);
  }
  return out;
}

export async function getTrace(traceId: string, opts: { showPayloads: boolean }): Promise<TraceDetail> {
  const [summary, spanRows] = await Promise.all([
    pool().query<SummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM traces t WHERE t.trace_id = $1`, [traceId]),
    pool().query<SpanRow>(
      `SELECT span_id, parent_span_id, name, service_name, kind, start_time, end_time, status_code,
              status_message, attributes, message_id, messaging_system, destination, operation, links,
              events, resource
       FROM spans WHERE trace_id = $1 ORDER BY start_time, span_id LIMIT $2`,
      [traceId, MAX_SPANS + 1],
    ),
  ]);
  const spans = spanRows.rows.slice(0, MAX_SPANS).map(toSpan);
  const messageRows = await messagesOf(traceId, spans);
  const shownMessages = messageRows.slice(0, MAX_MESSAGES);
  if (!summary.rows[0] && spans.length === 0 && shownMessages.length === 0)
    throw new AppError("not_found", `no trace ${traceId}: no spans or messages carry it`);
  const deliveries = await deliveriesOf(shownMessages);
  const joined = joinHops(
    spans.map((s) => ({ ...s, traceId })),
    shownMessages.map((m) => ({ messageId: m.message_id, traceId: m.trace_id, spanId: m.span_id })),
  );
  const messages: TraceMessage[] = shownMessages.map((m, i) => ({
    key: `${m.broker}/${m.message_id}/${m.published_at.toISOString()}`,
    broker: m.broker,
    messageId: m.message_id,
    channel: m.channel,
    type: m.type,
    producer: m.producer,
    publishedAt: m.published_at.toISOString(),
    observedAt: m.observed_at.toISOString(),
    traceId: m.trace_id,
    spanId: m.span_id,
    size: m.size,
    payload: opts.showPayloads ? m.payload : null,
    payloadHidden: !opts.showPayloads && m.payload !== null,
    payloadTruncated: m.payload_truncated,
    deliveries: deliveries.get(`${m.broker_id}/${m.message_id}`) ?? [],
    ...joined[i]!,
  }));
  return {
    traceId,
    summary: summary.rows[0] ? toSummary(summary.rows[0]) : null,
    spans,
    messages,
    truncated: spanRows.rows.length > MAX_SPANS || messageRows.length > MAX_MESSAGES,
  };
}
