// Realistic ingest traffic for the benchmark: 20 event types over 10 channels and 8 services,
// nested payloads of about 0.5–1.5 KB, headers, W3C trace context. Seeded, so runs compare.
import type { EventInput } from "@/lib/ingest/schemas";

/** A small seeded PRNG (mulberry32): the same seed, the same traffic. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const CHANNELS = [
  "orders",
  "payments",
  "shipments",
  "inventory",
  "customers",
  "carts",
  "refunds",
  "notifications",
  "pricing",
  "audit",
];
export const SERVICES = [
  "checkout",
  "billing",
  "warehouse",
  "crm",
  "mailer",
  "pricing-engine",
  "fraud",
  "gateway",
];
const TYPES = Array.from({ length: 20 }, (_, i) => ({
  name: [
    "OrderPlaced",
    "OrderCancelled",
    "PaymentAuthorized",
    "PaymentFailed",
    "ShipmentCreated",
    "ShipmentDelivered",
    "StockReserved",
    "StockReleased",
    "CustomerRegistered",
    "CustomerUpdated",
    "CartUpdated",
    "CartAbandoned",
    "RefundRequested",
    "RefundIssued",
    "EmailQueued",
    "SmsQueued",
    "PriceChanged",
    "DiscountApplied",
    "AuditRecorded",
    "LoginSucceeded",
  ][i]!,
  channel: CHANNELS[Math.floor(i / 2)]!,
  producer: SERVICES[i % SERVICES.length]!,
}));

function hex(rand: () => number, len: number): string {
  let s = "";
  while (s.length < len)
    s += Math.floor(rand() * 0x100000000)
      .toString(16)
      .padStart(8, "0");
  return s.slice(0, len);
}

function payloadFor(type: string, rand: () => number, i: number): Record<string, unknown> {
  const lines = 1 + Math.floor(rand() * 12);
  return {
    id: `${type.toLowerCase()}-${i}`,
    version: 2,
    occurredAt: new Date().toISOString(),
    customer: {
      id: `cus_${hex(rand, 12)}`,
      email: `user${i % 5000}@example.com`,
      tier: ["free", "plus", "pro"][i % 3],
      address: {
        street: `${(i % 200) + 1} Market Street`,
        city: ["Lyon", "Oslo", "Austin", "Osaka"][i % 4],
        postcode: String(10000 + (i % 89999)),
        country: "FR",
      },
      password: "never-stored",
    },
    items: Array.from({ length: lines }, (_, k) => ({
      sku: `SKU-${(i * 7 + k) % 9973}`,
      name: `Product ${k}`,
      qty: 1 + (k % 3),
      unitPrice: Math.round(rand() * 10000) / 100,
      tags: ["gift", "promo"].slice(0, k % 3),
    })),
    totals: {
      subtotal: Math.round(rand() * 50000) / 100,
      tax: Math.round(rand() * 5000) / 100,
      currency: "EUR",
    },
    metadata: {
      source: "web",
      campaign: i % 7 === 0 ? null : `c-${i % 40}`,
      flags: { beta: i % 2 === 0, retried: false },
    },
  };
}

/** Events `from` … `from + count - 1`, published over the last ten minutes. */
export function generateEvents(
  runId: string,
  from: number,
  count: number,
  total: number,
  now = Date.now(),
): EventInput[] {
  const rand = mulberry32(from + 1);
  const start = now - 10 * 60_000;
  const out: EventInput[] = [];
  for (let i = from; i < from + count; i++) {
    const t = TYPES[i % TYPES.length]!;
    const published = start + Math.floor((i / total) * 10 * 60_000);
    const traceId = hex(rand, 32);
    const spanId = hex(rand, 16);
    out.push({
      id: `${runId}-${i}`,
      broker: "bench-rabbit",
      channel: t.channel,
      type: t.name,
      producer: t.producer,
      publishedAt: new Date(published).toISOString(),
      observedAt: new Date(published + 1 + Math.floor(rand() ** 3 * 500)).toISOString(),
      traceId,
      spanId,
      headers: {
        "content-type": "application/json",
        traceparent: `00-${traceId}-${spanId}-01`,
        "x-request-id": hex(rand, 16),
        ...(i % 10 === 0 ? { authorization: "Bearer internal" } : {}),
      },
      payload: payloadFor(t.name, rand, i),
    });
  }
  return out;
}
