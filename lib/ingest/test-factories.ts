// Test data for ingest: valid items with overridable fields (makeEvent, makeDelivery, makeDeadLetter).
import type { DeadLetterInput, DeliveryInput, EventInput } from "@/lib/ingest/schemas";

// One base per test process: two calls a millisecond apart must not shift the latencies tests expect.
const RECENT_BASE = Date.now() - 60 * 60_000;

/** Recent timestamps: ingest refuses anything 24 h ahead, and partitions are made for recent days. */
export function recentIso(offsetMs = 0): string {
  return new Date(RECENT_BASE + offsetMs).toISOString();
}

export function makeEvent(overrides: Partial<EventInput> & { id: string }): EventInput {
  return {
    broker: "rabbit",
    channel: "orders",
    type: "OrderPlaced",
    producer: "checkout",
    publishedAt: recentIso(),
    observedAt: recentIso(5),
    payload: { orderId: overrides.id, total: 12.5, items: [{ sku: "a", qty: 1 }] },
    ...overrides,
  };
}

export function makeDelivery(overrides: Partial<DeliveryInput> & { messageId: string }): DeliveryInput {
  return {
    broker: "rabbit",
    channel: "orders",
    consumer: "billing",
    deliveredAt: recentIso(20),
    outcome: "ack",
    ...overrides,
  };
}

export function makeDeadLetter(overrides: Partial<DeadLetterInput> & { id: string }): DeadLetterInput {
  return {
    broker: "rabbit",
    channel: "orders.dlq",
    originalChannel: "orders",
    type: "OrderPlaced",
    reason: "rejected",
    failedAt: recentIso(30),
    payload: '{"orderId":"x"}',
    headers: { "x-death": "1", authorization: "Bearer secret" },
    ...overrides,
  };
}
