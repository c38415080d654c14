import { describe, expect, it } from "vitest";
import { failureHistory } from "@/lib/dead-letters/failure-history";

describe("failureHistory", () => {
  it("reads RabbitMQ's x-death entries with their counts, keys and times", () => {
    const entries = failureHistory({
      "x-death": [
        {
          reason: "rejected",
          queue: "orders",
          exchange: "",
          "routing-keys": ["orders"],
          count: "3",
          time: { "!": "timestamp", value: 1_764_000_000 },
        },
        { reason: "expired", queue: "orders.wait", count: 1, time: "2026-12-04T10:00:00Z" },
      ],
    });
    expect(entries).toEqual([
      {
        source: "x-death",
        reason: "rejected",
        queue: "orders",
        exchange: "",
        routingKeys: ["orders"],
        count: 3,
        time: new Date(1_764_000_000_000).toISOString(),
      },
      {
        source: "x-death",
        reason: "expired",
        queue: "orders.wait",
        exchange: null,
        routingKeys: [],
        count: 1,
        time: "2026-12-04T10:00:00.000Z",
      },
    ]);
  });

  it("reads delivery counters and ignores odd values instead of throwing", () => {
    expect(failureHistory({ "Nats-Num-Delivered": "5", "x-death": "not json", other: 1 })).toEqual([
      {
        source: "Nats-Num-Delivered",
        reason: null,
        queue: null,
        exchange: null,
        routingKeys: [],
        count: 5,
        time: null,
      },
    ]);
    expect(failureHistory({ "x-death": [null, 3, { count: "x", time: {} }] })).toEqual([
      { source: "x-death", reason: null, queue: null, exchange: null, routingKeys: [], count: 1, time: null },
    ]);
    expect(failureHistory(null)).toEqual([]);
  });

  it("reads x-death sent as JSON text, a lone entry included (how the collectors flatten it)", () => {
    const one = failureHistory({
      "x-death": '{"reason":"expired","queue":"q","count":4,"time":"2026-12-04T10:00:00.000Z"}',
    });
    expect(one).toMatchObject([
      { reason: "expired", queue: "q", count: 4, time: "2026-12-04T10:00:00.000Z" },
    ]);
    expect(failureHistory({ "x-death": '[{"count":1},{"count":2}]' }).map((e) => e.count)).toEqual([1, 2]);
  });

  it("reads flat x-death-* and x-first-death-* headers when there is no x-death list", () => {
    const entries = failureHistory({
      "x-death-reason": "rejected",
      "x-death-queue": "shipping.notifications",
      "x-death-count": 2,
      "x-death-time": "2026-12-04T16:58:51.674Z",
      "x-first-death-reason": "rejected",
      "x-first-death-queue": "shipping.notifications",
    });
    expect(entries.map((e) => [e.source, e.reason, e.queue, e.count, e.time])).toEqual([
      ["x-death", "rejected", "shipping.notifications", 2, "2026-12-04T16:58:51.674Z"],
      ["x-first-death", "rejected", "shipping.notifications", 1, null],
    ]);
    expect(failureHistory({ "x-death": '[{"count":1}]', "x-first-death-reason": "expired" })).toHaveLength(1);
  });
});
