import { describe, expect, it } from "vitest";
import { MemoryQueue } from "@/collectors/core/memory-queue";
import type { EventInput } from "@/lib/ingest/schemas";

const event = (i: number, note = "") =>
  ({ eventType: "OrderPlaced", channel: "shop.orders", messageId: `m-${i}${note}` }) as unknown as EventInput;
const sent = { kind: "sent", rejected: new Map() } as const;

describe("MemoryQueue's size in bytes (the demo's outbox on the Collectors page)", () => {
  it("counts the UTF-8 bytes of what it holds until released, taken records included", async () => {
    const q = new MemoryQueue(10);
    const items = [event(1), event(2, "·é"), event(3)];
    const size = (e: EventInput) => Buffer.byteLength(JSON.stringify(e));
    q.push({ events: items });
    expect(q.bytes).toBe(items.reduce((sum, e) => sum + size(e), 0));
    expect(size(items[1]!)).toBeGreaterThan(JSON.stringify(items[1]).length); // bytes, not characters

    const taken = await q.take(2, 1_000_000);
    expect(q.length).toBe(1);
    expect(q.bytes).toBe(size(items[0]!) + size(items[1]!) + size(items[2]!)); // in flight: still held
    q.untake();
    expect(q.bytes).toBe(size(items[0]!) + size(items[1]!) + size(items[2]!));

    await q.take(2, 1_000_000);
    await q.release(taken, sent);
    expect(q.bytes).toBe(size(items[2]!));
    expect(q.clear()).toBe(1);
    expect(q.bytes).toBe(0);
  });

  it("does not count what did not fit", () => {
    const q = new MemoryQueue(1);
    expect(q.push({ events: [event(1), event(2)] })).toBe(1);
    expect(q.bytes).toBe(Buffer.byteLength(JSON.stringify(event(1))));
  });
});
