// The demo shop's services as if they were instrumented with OpenTelemetry: a PRODUCER span for
// each publish (its span id is the one the message's traceparent carries) and a CONSUMER span for
// each delivery, from delivered to acked, an error when the consumer rejected the message. Only a
// share of flows is traced, decided from the trace id the way OTel's trace-id ratio sampler does,
// so the demo also shows traces made of broker data alone. Pure: no random numbers are drawn, so a
// seeded shop produces the same events with or without spans.
import { createHash } from "node:crypto";
import type { DeliveryInput, EventInput } from "@/lib/ingest/schemas";
import { BROKERS } from "@/collectors/demo/shop-catalog";

/** Share of the demo's flows whose services export spans. */
export const SPAN_SAMPLE_RATIO = 0.25;

export type DemoSpan = {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: "producer" | "consumer";
  service: string;
  startMs: number;
  endMs: number;
  attributes: Record<string, string>;
  /** Set when the span failed: OTLP status ERROR with this message. */
  error?: string;
};

/** Whether a flow's services record spans: the trace id's last 8 bytes against the ratio. */
export function isSampled(traceId: string): boolean {
  const low = BigInt(`0x${traceId.slice(-16)}`);
  return low < BigInt(Math.floor(SPAN_SAMPLE_RATIO * 2 ** 32)) << 32n;
}

/** The consumer span of one delivery: derived, so a follow-up publish can name it as its parent. */
export function consumerSpanId(messageSpanId: string, consumer: string): string {
  const hex = createHash("sha256").update(`${messageSpanId}/${consumer}`).digest("hex").slice(0, 16);
  return /^0+$/.test(hex) ? "0000000000000001" : hex;
}

/** The ingest contract's times: ISO text or epoch milliseconds. */
const ms = (t: string | number): number => (typeof t === "number" ? t : Date.parse(t));

const SYSTEM: Record<string, string> = { [BROKERS.rabbit]: "rabbitmq", [BROKERS.nats]: "nats" };

function messaging(e: Pick<EventInput, "broker" | "channel" | "id">, operation: string) {
  return {
    "messaging.system": SYSTEM[e.broker] ?? e.broker,
    "messaging.destination.name": e.channel,
    "messaging.operation.type": operation,
    "messaging.message.id": e.id,
  };
}

/** The producer's span: from publish until the broker took the message. */
export function publishSpan(e: EventInput, parentSpanId: string | undefined): DemoSpan {
  const startMs = ms(e.publishedAt!);
  return {
    traceId: e.traceId!,
    spanId: e.spanId!,
    ...(parentSpanId ? { parentSpanId } : {}),
    name: `publish ${e.channel}`,
    kind: "producer",
    service: e.producer!,
    startMs,
    endMs: e.observedAt ? ms(e.observedAt) : startMs + 1,
    attributes: { ...messaging(e, "publish"), "eventscope.event_type": e.type! },
  };
}

/** The consumer's span of one delivery: from delivered until acked (or rejected). */
export function processSpan(e: EventInput, d: DeliveryInput, error: string | undefined): DemoSpan {
  return {
    traceId: e.traceId!,
    spanId: consumerSpanId(e.spanId!, d.consumer),
    parentSpanId: e.spanId!,
    name: `process ${e.channel}`,
    kind: "consumer",
    service: d.consumer,
    startMs: ms(d.deliveredAt!),
    endMs: ms(d.ackedAt!),
    attributes: {
      ...messaging(e, "process"),
      "messaging.consumer.group.name": d.consumer,
      "eventscope.event_type": e.type!,
    },
    ...(error ? { error } : {}),
  };
}

const KIND = { producer: 4, consumer: 5 } as const;
const STATUS_ERROR = 2;
const nanos = (ms: number) => `${BigInt(Math.round(ms)) * 1_000_000n}`;

/** An OTLP/HTTP JSON export request (ExportTraceServiceRequest), one resource per service. */
export function toOtlpJson(spans: readonly DemoSpan[]) {
  const byService = new Map<string, DemoSpan[]>();
  for (const s of spans) byService.set(s.service, [...(byService.get(s.service) ?? []), s]);
  return {
    resourceSpans: [...byService].map(([service, list]) => ({
      resource: { attributes: [{ key: "service.name", value: { stringValue: service } }] },
      scopeSpans: [
        {
          scope: { name: "eventscope-demo" },
          spans: list.map((s) => ({
            traceId: s.traceId,
            spanId: s.spanId,
            ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
            name: s.name,
            kind: KIND[s.kind],
            startTimeUnixNano: nanos(s.startMs),
            endTimeUnixNano: nanos(s.endMs),
            attributes: Object.entries(s.attributes).map(([key, v]) => ({ key, value: { stringValue: v } })),
            ...(s.error ? { status: { code: STATUS_ERROR, message: s.error } } : {}),
          })),
        },
      ],
    })),
  };
}
