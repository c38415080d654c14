import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { toRequest } from "@/collectors/core/command-channel";
import { BROKERS, CONSUMERS } from "@/collectors/demo/shop-catalog";
import { ShopModel, type ShopOutput } from "@/collectors/demo/shop-model";
import { consumerSpanId, isSampled } from "@/collectors/demo/shop-spans";
import { deadLetterItem, deliveryItem, type DeadLetterInput } from "@/lib/ingest/schemas";
import type { RepublishRequest } from "@/collectors/core/adapter";

const START = Date.UTC(2026, 5, 1, 9, 0, 0);
const SETTLED = 10_000; // the slow consumer's longest transit and processing

/** Dead letters of both brokers, from a shop whose every delivery fails. */
function deadLetters(): DeadLetterInput[] {
  const model = new ShopModel({ seed: "republish", failureRate: 1 });
  const out: DeadLetterInput[] = [];
  for (let t = START; t <= START + 20_000; t += 100)
    out.push(...model.produce(t, t < START + 5_000 ? 5 : 0).deadLetters);
  return out;
}

const all = deadLetters();
const rabbit = all.find((d) => d.broker === BROKERS.rabbit && d.originalChannel === "shop.orders")!;
const nats = all.find((d) => d.broker === BROKERS.nats)!;

/** The request a reprocess command for `dl` becomes on the agent (the real path's toRequest). */
function request(dl: DeadLetterInput, over: { channel?: string; payload?: string } = {}): RepublishRequest {
  return toRequest({
    commandId: randomUUID(),
    deadLetterId: dl.id,
    destination: { channel: over.channel ?? dl.originalChannel! },
    headers: dl.headers as RepublishRequest["headers"],
    payload: over.payload ?? dl.payload,
    payloadEncoding: "utf8",
    contentType: dl.contentType,
  });
}

/** Republishes into a fresh shop and lets it settle: what the shop then reports. */
function republish(
  reqs: RepublishRequest[],
  failureRate: number,
  broker: string = BROKERS.rabbit,
): ShopOutput {
  const model = new ShopModel({ seed: "fixed", failureRate });
  model.produce(START, 0);
  for (const req of reqs) model.republish(broker, req, START + 1);
  return model.produce(START + SETTLED, 0);
}

describe("ShopModel.republish", () => {
  it("hands the message back to the consumer it died in, same message id, as attempt 2", () => {
    for (const dl of [rabbit, nats]) {
      const out = republish([request(dl)], 0, dl.broker);
      expect(out.events).toEqual([]); // the same message, already stored
      expect(out.deadLetters).toEqual([]);
      expect(out.deliveries).toHaveLength(1);
      const d = out.deliveries[0]!;
      expect(d).toMatchObject({
        messageId: dl.messageId,
        broker: dl.broker,
        channel: dl.originalChannel,
        consumer: dl.headers!["x-consumer"],
        type: dl.type,
        outcome: "ack",
        attempt: 2,
      });
      expect(deliveryItem.safeParse(d).success).toBe(true);
      expect(Date.parse(String(d.deliveredAt))).toBeGreaterThan(START);
    }
  });

  it("numbers the attempts on: a second reprocess is attempt 3, so is that of the dead letter it failed into", () => {
    const out = republish([request(rabbit), request(rabbit)], 0);
    expect(out.deliveries.map((d) => d.attempt).sort()).toEqual([2, 3]);
    const again = republish([request(rabbit)], 1).deadLetters[0]!;
    expect(republish([request(again)], 0).deliveries).toMatchObject([{ attempt: 3, outcome: "ack" }]);
  });

  it("a traced flow's redelivery is a consumer span under the original publish, apart from the first delivery's", () => {
    const traced = all.find((d) => d.broker === BROKERS.rabbit && d.traceId && isSampled(d.traceId))!;
    const model = new ShopModel({ seed: "fixed", failureRate: 0, traceSpans: true });
    model.produce(START, 0);
    model.republish(BROKERS.rabbit, request(traced), START + 1);
    model.produce(START + SETTLED, 0);
    const [span] = model.takeSpans();
    const publishSpanId = String(traced.headers!.traceparent).split("-")[2];
    expect(span).toMatchObject({
      traceId: traced.traceId,
      parentSpanId: publishSpanId,
      kind: "consumer",
      service: traced.headers!["x-consumer"],
    });
    expect(span!.error).toBeUndefined();
    expect(span!.spanId).not.toBe(consumerSpanId(publishSpanId!, String(traced.headers!["x-consumer"])));
  });

  it("fails it again into a new dead letter linked to the first: same message, reprocess id, one more death", () => {
    const req = request(rabbit);
    const out = republish([req], 1);
    expect(out.deliveries).toMatchObject([{ outcome: "nack", attempt: 2 }]);
    const again = out.deadLetters[0]!;
    expect(deadLetterItem.safeParse(again).success).toBe(true);
    expect(again.id).not.toBe(rabbit.id);
    expect(again).toMatchObject({
      messageId: rabbit.messageId,
      channel: rabbit.channel,
      originalChannel: rabbit.originalChannel,
      type: rabbit.type,
      attempts: 2,
      payload: rabbit.payload,
      traceId: rabbit.traceId,
    });
    expect(again.headers).toMatchObject({
      "x-death-count": 2,
      "x-consumer": rabbit.headers!["x-consumer"],
      "x-eventscope-reprocess-id": req.reprocessId,
      "amqp.message-id": rabbit.messageId,
    });
  });

  it("delivers to every consumer of another destination channel on the same broker", () => {
    const out = republish([request(rabbit, { channel: "shop.payments" })], 0);
    expect(out.deliveries.map((d) => d.consumer).sort()).toEqual([...CONSUMERS["shop.payments"]!].sort());
    expect(new Set(out.deliveries.map((d) => d.channel))).toEqual(new Set(["shop.payments"]));
  });

  it("an edited payload that is not JSON is refused by the consumer, kept verbatim in the new dead letter", () => {
    const out = republish([request(rabbit, { payload: "{not json" })], 0);
    expect(out.deliveries).toMatchObject([{ outcome: "nack" }]);
    expect(out.deadLetters[0]).toMatchObject({
      payload: "{not json",
      error: `${String(rabbit.headers!["x-consumer"])}: DeserializationError: the message is not valid JSON`,
    });
  });

  it("refuses a channel the broker does not have, naming the ones it has", () => {
    const model = new ShopModel({ seed: "fixed" });
    expect(() => model.republish(BROKERS.rabbit, request(rabbit, { channel: "shop.gone" }), START)).toThrow(
      'the demo broker rabbitmq-demo has no channel "shop.gone" (it has shop.orders, shop.payments, shop.inventory)',
    );
    // A NATS channel is not the RabbitMQ-like broker's either.
    expect(() => model.republish(BROKERS.rabbit, request(nats), START)).toThrow(/has no channel/);
  });

  it("leaves the seeded shop's own events as they were", () => {
    const a = new ShopModel({ seed: 7 });
    const b = new ShopModel({ seed: 7 });
    const ids = (m: ShopModel, republishAt?: number) => {
      const seen: string[] = [];
      for (let t = START; t < START + 3_000; t += 100) {
        if (t === republishAt) m.republish(BROKERS.rabbit, request(rabbit), t);
        seen.push(...m.produce(t, 5).events.map((e) => e.id));
      }
      return seen;
    };
    expect(ids(b, START + 1_000)).toEqual(ids(a));
  });
});
