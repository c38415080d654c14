import { describe, expect, it } from "vitest";
import type { DeliveryInput, EventInput } from "@/lib/ingest/schemas";
import { ShopModel } from "@/collectors/demo/shop-model";
import {
  consumerSpanId,
  isSampled,
  SPAN_SAMPLE_RATIO,
  toOtlpJson,
  type DemoSpan,
} from "@/collectors/demo/shop-spans";
import { otlpJsonRequest } from "@/lib/traces/otlp-json";
import { normalizeRequest } from "@/lib/traces/normalize-spans";

const START = Date.UTC(2026, 5, 1, 9, 0, 0);

/** 4 000 events at 200/s in 100 ms steps, then 10 s for the slow consumer's deliveries to settle. */
function run(traceSpans: boolean) {
  const model = new ShopModel({ seed: "spans", traceSpans });
  const events: EventInput[] = [];
  const deliveries: DeliveryInput[] = [];
  const spans: DemoSpan[] = [];
  let now = START;
  for (let i = 0; i < 300; i++) {
    const out = model.produce((now += 100), i < 200 ? 20 : 0);
    events.push(...out.events);
    deliveries.push(...out.deliveries);
    spans.push(...model.takeSpans());
  }
  return { events, deliveries, spans };
}

const ms = (t: string | number | undefined) => (typeof t === "string" ? Date.parse(t) : Number(t));

describe("the demo shop's spans", () => {
  const traced = run(true);
  const byId = new Map(traced.spans.map((s) => [s.spanId, s]));

  it("changes nothing of what the brokers see", () => {
    const plain = run(false);
    expect(plain.spans).toEqual([]);
    expect(JSON.stringify(plain.events)).toBe(JSON.stringify(traced.events));
    expect(JSON.stringify(plain.deliveries)).toBe(JSON.stringify(traced.deliveries));
  });

  it("traces about a quarter of the flows, decided by the trace id alone", () => {
    const traces = new Set(traced.events.map((e) => e.traceId!));
    const sampled = [...traces].filter(isSampled);
    expect(sampled.length / traces.size).toBeGreaterThan(SPAN_SAMPLE_RATIO - 0.07);
    expect(sampled.length / traces.size).toBeLessThan(SPAN_SAMPLE_RATIO + 0.07);
    expect(new Set(traced.spans.map((s) => s.traceId))).toEqual(new Set(sampled));
    expect(isSampled(`${"f".repeat(16)}${"0".repeat(16)}`)).toBe(true);
    expect(isSampled("0".repeat(16) + "4" + "0".repeat(15))).toBe(false); // 0x4… ≥ a quarter of 2^64
  });

  it("has a producer span for each traced event: the span its traceparent names, publish to broker", () => {
    const tracedEvents = traced.events.filter((e) => isSampled(e.traceId!));
    expect(tracedEvents.length).toBeGreaterThan(500);
    for (const e of tracedEvents) {
      const s = byId.get(e.spanId!);
      expect(s).toMatchObject({
        traceId: e.traceId,
        kind: "producer",
        name: `publish ${e.channel}`,
        service: e.producer,
        startMs: ms(e.publishedAt),
        endMs: ms(e.observedAt),
        attributes: { "messaging.message.id": e.id, "messaging.operation.type": "publish" },
      });
      expect(e.headers?.traceparent).toBe(`00-${e.traceId}-${s!.spanId}-01`);
    }
  });

  it("has a consumer span for each traced delivery, under the message's span, delivered → acked", () => {
    const events = new Map(traced.events.map((e) => [e.id, e]));
    const tracedDeliveries = traced.deliveries.filter((d) => isSampled(events.get(d.messageId)!.traceId!));
    expect(tracedDeliveries.some((d) => d.outcome === "nack")).toBe(true);
    for (const d of tracedDeliveries) {
      const e = events.get(d.messageId)!;
      const s = byId.get(consumerSpanId(e.spanId!, d.consumer));
      expect(s).toMatchObject({
        traceId: e.traceId,
        parentSpanId: e.spanId,
        kind: "consumer",
        service: d.consumer,
        startMs: ms(d.deliveredAt),
        endMs: ms(d.ackedAt),
        attributes: { "messaging.message.id": e.id, "messaging.consumer.group.name": d.consumer },
      });
      if (d.outcome === "nack") expect(s!.error).toMatch(new RegExp(`^${d.consumer}: `));
      else expect(s!.error).toBeUndefined();
    }
  });

  it("makes a consumer's follow-up a child of the span that handled the message", () => {
    const followUps = traced.spans.filter((s) => s.kind === "producer" && s.parentSpanId);
    expect(followUps.length).toBeGreaterThan(100);
    for (const s of followUps) {
      const parent = byId.get(s.parentSpanId!);
      expect(parent).toMatchObject({ kind: "consumer", traceId: s.traceId, service: s.service });
      expect(parent!.startMs).toBeLessThanOrEqual(s.startMs);
    }
    expect(traced.spans.filter((s) => !s.parentSpanId).length).toBeGreaterThan(0); // the flows' roots
  });

  it("exports as OTLP JSON that the app's own parser takes whole, kinds, ids and errors included", () => {
    const body = otlpJsonRequest.parse(JSON.parse(JSON.stringify(toOtlpJson(traced.spans))));
    const { spans, rejected } = normalizeRequest(body, START + 60_000);
    expect(rejected).toBe(0);
    expect(spans).toHaveLength(traced.spans.length);
    const failed = traced.spans.find((s) => s.error)!;
    expect(spans.find((s) => s.spanId === failed.spanId)).toMatchObject({
      kind: "consumer",
      statusCode: "error",
      serviceName: failed.service,
      messageId: failed.attributes["messaging.message.id"],
    });
  });
});
