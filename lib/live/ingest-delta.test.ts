import { describe, expect, it } from "vitest";
import type { LiveEvent } from "@/lib/live/events";
import { IngestDeltaBuilder, MAX_DELTA_BYTES } from "@/lib/live/ingest-delta";
import { makeIngestedBatch } from "@/lib/live/test-factories";

const event = (i: number, channel = "orders"): LiveEvent => ({
  id: `msg-${i}-${"x".repeat(60)}`,
  broker: "rabbit",
  channel,
  type: `OrderPlaced${"V".repeat(40)}`,
  producer: "checkout",
  publishedAt: new Date(1_800_000_000_000 + i).toISOString(),
  size: 100,
});

describe("IngestDeltaBuilder", () => {
  it("folds batches into counts per channel, newest events first, and starts over after take()", () => {
    const b = new IngestDeltaBuilder();
    b.add(makeIngestedBatch([event(2), event(1, "payments")], { deliveries: 3, deadLetters: 1 }));
    b.add(makeIngestedBatch([event(3)], { duplicates: 2 }));
    const d = b.take();
    expect(d?.events.map((e) => e.publishedAt.slice(-4))).toEqual(["003Z", "002Z", "001Z"]);
    expect(d?.channels).toEqual([
      ["rabbit", "orders", 2],
      ["rabbit", "payments", 1],
    ]);
    expect(d).toMatchObject({ total: 3, deliveries: 3, deadLetters: 1, duplicates: 2 });
    expect(b.take()).toBeUndefined();
  });

  it("keeps a delta within one NOTIFY however big the batches, counts intact", () => {
    const b = new IngestDeltaBuilder();
    for (let k = 0; k < 20; k++)
      b.add(
        makeIngestedBatch(
          Array.from({ length: 50 }, (_, i) => event(k * 50 + i, `channel-${"c".repeat(40)}-${i}`)),
        ),
      );
    const d = b.take()!;
    expect(Buffer.byteLength(JSON.stringify(d))).toBeLessThanOrEqual(MAX_DELTA_BYTES);
    expect(d.total).toBe(1000);
    expect(d.events.length).toBeGreaterThan(0);
  });
});
