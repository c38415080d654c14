import { describe, expect, it } from "vitest";
import { deadLetterItem, deliveryItem, eventItem, type EventInput } from "@/lib/ingest/schemas";
import { CONSUMERS, SLOW_CONSUMER } from "@/collectors/demo/shop-catalog";
import { ShopModel, type ShopOutput, type ShopModelOptions } from "@/collectors/demo/shop-model";

const START = Date.UTC(2026, 5, 1, 9, 0, 0);

/** Runs a model at `rate` events/s in 100 ms steps until `events` were produced, then lets deliveries settle. */
function run(
  opts: ShopModelOptions,
  events: number,
  rate = 200,
): ShopOutput & { budgets: number[]; perCall: number[] } {
  const model = new ShopModel(opts);
  const all: ShopOutput = { events: [], deliveries: [], deadLetters: [] };
  const budgets: number[] = [];
  const perCall: number[] = [];
  let now = START;
  const collect = (o: ShopOutput) => {
    all.events.push(...o.events);
    all.deliveries.push(...o.deliveries);
    all.deadLetters.push(...o.deadLetters);
    perCall.push(o.events.length);
  };
  while (all.events.length < events) {
    now += 100;
    const budget = Math.min((rate * 100) / 1000, events - all.events.length);
    budgets.push(budget);
    collect(model.produce(now, budget));
  }
  for (let i = 0; i < 100; i++) collect(model.produce((now += 100), 0)); // 10 s: slow deliveries settle
  return { ...all, budgets, perCall };
}

const ms = (iso: string | number | undefined) => (typeof iso === "string" ? Date.parse(iso) : Number(iso));
const totalOf = (e: EventInput) => (e.payload as { total: unknown }).total;

describe("ShopModel", () => {
  const big = run({ seed: "shop-test", schemaChangeAfterEvents: 5000 }, 10_000);

  it("is deterministic for a seed and differs between seeds", () => {
    const a = run({ seed: 42 }, 500);
    const b = run({ seed: 42 }, 500);
    const c = run({ seed: 43 }, 500);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.events[0]?.id).not.toBe(c.events[0]?.id);
  });

  it("never exceeds the event budget it is given", () => {
    expect(big.events).toHaveLength(10_000);
    big.perCall
      .slice(0, big.budgets.length)
      .forEach((n, i) => expect(n).toBeLessThanOrEqual(big.budgets[i]!));
  });

  it("has at least 6 event types, 5 services, both brokers and several channels per broker", () => {
    const types = new Set(big.events.map((e) => e.type));
    const services = new Set([
      ...big.events.map((e) => e.producer),
      ...big.deliveries.map((d) => d.consumer),
    ]);
    expect(types.size).toBeGreaterThanOrEqual(6);
    for (const t of [
      "OrderPlaced",
      "PaymentAuthorized",
      "PaymentFailed",
      "InventoryReserved",
      "ShipmentCreated",
      "EmailSent",
    ]) {
      expect(types).toContain(t);
    }
    expect(services.size).toBeGreaterThanOrEqual(5);
    const channels = (broker: string) =>
      new Set(big.events.filter((e) => e.broker === broker).map((e) => e.channel));
    expect(channels("rabbitmq-demo").size).toBeGreaterThanOrEqual(3);
    expect(channels("nats-demo").size).toBeGreaterThanOrEqual(3);
  });

  it("nests OrderPlaced payloads: customer, items with sku/qty/price, shipping address", () => {
    const order = big.events.find((e) => e.type === "OrderPlaced");
    expect(order?.payload).toMatchObject({
      customer: { id: expect.any(String) as string, email: expect.stringContaining("@") as string },
      items: expect.arrayContaining([
        {
          sku: expect.any(String) as string,
          name: expect.any(String) as string,
          qty: expect.any(Number) as number,
          price: expect.any(Number) as number,
        },
      ]) as unknown,
      shippingAddress: { city: expect.any(String) as string, country: expect.any(String) as string },
    });
  });

  it("changes OrderPlaced.total from a number to { amount, currency } exactly at the configured event count", () => {
    const orders = big.events.map((e, i) => ({ e, i })).filter(({ e }) => e.type === "OrderPlaced");
    const before = orders.filter(({ i }) => i < 5000);
    const after = orders.filter(({ i }) => i >= 5000);
    expect(before.length).toBeGreaterThan(100);
    expect(after.length).toBeGreaterThan(100);
    for (const { e } of before) expect(typeof totalOf(e)).toBe("number");
    for (const { e } of after)
      expect(totalOf(e)).toEqual({
        amount: expect.any(Number) as number,
        currency: expect.any(String) as string,
      });
  });

  it("gives every event a valid W3C trace id, span id and traceparent header", () => {
    for (const e of big.events) {
      expect(e.traceId).toMatch(/^(?!0{32})[0-9a-f]{32}$/);
      expect(e.spanId).toMatch(/^(?!0{16})[0-9a-f]{16}$/);
      expect(e.headers?.traceparent).toBe(`00-${e.traceId}-${e.spanId}-01`);
    }
  });

  it("links an order's payment, reservation, shipment and email in one trace, in causal order", () => {
    const byTrace = new Map<string, EventInput[]>();
    for (const e of big.events) byTrace.set(e.traceId!, [...(byTrace.get(e.traceId!) ?? []), e]);
    const shipped = [...byTrace.values()].filter((es) => es.some((e) => e.type === "ShipmentCreated"));
    expect(shipped.length).toBeGreaterThan(100);
    for (const es of shipped.slice(0, 200)) {
      const at = (t: string) => ms(es.find((e) => e.type === t)?.publishedAt);
      expect(at("OrderPlaced")).toBeLessThan(at("PaymentAuthorized"));
      expect(at("PaymentAuthorized")).toBeLessThan(at("InventoryReserved"));
      expect(at("InventoryReserved")).toBeLessThan(at("ShipmentCreated"));
      const orderId = (es[0]!.payload as { orderId: string }).orderId;
      for (const e of es) expect((e.payload as { orderId: string }).orderId).toBe(orderId);
    }
  });

  it("delivers every event to each consumer of its channel", () => {
    const settledBefore = ms(big.deliveries.at(-1)?.ackedAt) - 10_000; // events old enough to have settled
    const count = new Map<string, number>();
    for (const d of big.deliveries) count.set(d.messageId, (count.get(d.messageId) ?? 0) + 1);
    for (const e of big.events.filter((x) => ms(x.publishedAt) < settledBefore)) {
      expect(count.get(e.id)).toBe(CONSUMERS[e.channel]?.length);
    }
    expect(new Set(big.deliveries.map((d) => d.outcome))).toEqual(new Set(["ack", "nack"]));
  });

  it("has one slow consumer: long queueing and long processing", () => {
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const lag = (consumer: (c: string) => boolean) => {
      const ds = big.deliveries.filter((d) => consumer(d.consumer));
      return {
        queue: median(ds.map((d) => ms(d.deliveredAt) - ms(d.publishedAt))),
        work: median(ds.map((d) => ms(d.ackedAt) - ms(d.deliveredAt))),
      };
    };
    const slow = lag((c) => c === SLOW_CONSUMER);
    const rest = lag((c) => c !== SLOW_CONSUMER);
    expect(slow.queue).toBeGreaterThan(1000);
    expect(slow.work).toBeGreaterThan(300);
    expect(rest.queue).toBeLessThan(100);
    expect(rest.work).toBeLessThan(200);
  });

  it("dead-letters about 2 % of deliveries, each with its reason, x-death headers and original payload", () => {
    const ratio = big.deadLetters.length / big.deliveries.length;
    expect(ratio).toBeGreaterThan(0.015);
    expect(ratio).toBeLessThan(0.025);
    const events = new Map(big.events.map((e) => [e.id, e]));
    const nacked = new Set(big.deliveries.filter((d) => d.outcome === "nack").map((d) => d.messageId));
    for (const dl of big.deadLetters) {
      const original = events.get(dl.messageId!);
      expect(original).toBeDefined();
      expect(nacked.has(dl.messageId!)).toBe(true);
      expect(dl.channel).toBe(`${original!.channel}.dlq`);
      expect(dl.originalChannel).toBe(original!.channel);
      expect(dl.reason).toBe("rejected");
      expect(dl.error).toMatch(/\w+: \w+/);
      expect(dl.headers).toMatchObject({
        "x-death-count": 1,
        "x-death-reason": dl.reason,
        "x-first-death-reason": dl.reason,
      });
      expect(dl.payloadEncoding).toBe("utf8");
      expect(JSON.parse(dl.payload)).toEqual(original!.payload);
      expect(dl.traceId).toBe(original!.traceId);
    }
  });

  it("produces only items the ingest contract accepts", () => {
    const check = <T>(
      schema: { safeParse: (v: unknown) => { success: boolean; error?: T } },
      items: unknown[],
    ) => {
      for (const item of items) {
        const r = schema.safeParse(item);
        if (!r.success) throw new Error(`${JSON.stringify(item).slice(0, 200)}: ${String(r.error)}`);
      }
    };
    check(eventItem, big.events);
    check(deliveryItem, big.deliveries);
    check(deadLetterItem, big.deadLetters);
    expect(new Set(big.events.map((e) => e.id)).size).toBe(big.events.length);
    expect(new Set(big.deadLetters.map((d) => d.id)).size).toBe(big.deadLetters.length);
  });
});
