// The Overview's live reducer and merge: buffers, point spacing and counts added after a read.
import { describe, expect, it } from "vitest";
import type { LiveEvent, LiveSummary } from "@/lib/live/events";
import {
  EVENT_BUFFER,
  filterEvents,
  initialLiveState,
  mergeOverview,
  reduceLive,
} from "@/lib/overview/live-model";
import type { OverviewData } from "@/lib/overview/types";

const T0 = Date.parse("2026-11-22T10:00:00.000Z");

function makeEvent(id: string, over: Partial<LiveEvent> = {}): LiveEvent {
  return {
    id,
    broker: "demo",
    channel: "orders",
    type: "OrderPlaced",
    producer: "checkout",
    publishedAt: new Date(T0).toISOString(),
    size: 120,
    ...over,
  };
}

function makeSummary(atMs: number, over: Partial<LiveSummary> = {}): LiveSummary {
  return {
    at: new Date(atMs).toISOString(),
    windowSec: 10,
    eventsPerSecond: 20,
    channels: [],
    latest: [],
    stored: { events: 0, deliveries: 0, deadLetters: 0, duplicates: 0 },
    ...over,
  };
}

function makeData(over: Partial<OverviewData> = {}): OverviewData {
  return {
    generatedAt: new Date(T0).toISOString(),
    eventsPerSecond: 5,
    totals: {
      eventsStored: 1000,
      eventsLastHour: 100,
      channels: 3,
      eventTypes: 4,
      services: 2,
      deadLettersPending: 1,
    },
    throughput: [
      { t: T0 - 90_000, eventsPerSecond: 4 },
      { t: T0 - 30_000, eventsPerSecond: 6 },
    ],
    channels: [{ broker: "demo", channel: "orders", eventsPerSecond: 5 }],
    latest: [makeEvent("seed-1"), makeEvent("seed-2")],
    ...over,
  };
}

describe("reduceLive", () => {
  it("keeps at most one point per second, replacing the last one", () => {
    let s = reduceLive(initialLiveState, makeSummary(T0, { eventsPerSecond: 1 }));
    s = reduceLive(s, makeSummary(T0 + 500, { eventsPerSecond: 2 }));
    s = reduceLive(s, makeSummary(T0 + 1_000, { eventsPerSecond: 3 }));
    expect(s.points).toEqual([
      { t: T0 + 500, eventsPerSecond: 2 },
      { t: T0 + 1_000, eventsPerSecond: 3 },
    ]);
  });

  it("prepends only unseen events, newest first, and caps the buffer", () => {
    let s = reduceLive(initialLiveState, makeSummary(T0, { latest: [makeEvent("b"), makeEvent("a")] }));
    s = reduceLive(s, makeSummary(T0 + 500, { latest: [makeEvent("c"), makeEvent("b"), makeEvent("a")] }));
    expect(s.events.map((e) => e.id)).toEqual(["c", "b", "a"]);
    const many = Array.from({ length: EVENT_BUFFER + 10 }, (_, i) => makeEvent(`m${i}`));
    s = reduceLive(s, makeSummary(T0 + 1_000, { latest: many }));
    expect(s.events).toHaveLength(EVENT_BUFFER);
  });

  it("treats the same id on two brokers as two events", () => {
    const s = reduceLive(
      initialLiveState,
      makeSummary(T0, { latest: [makeEvent("x", { broker: "a" }), makeEvent("x", { broker: "b" })] }),
    );
    expect(s.events).toHaveLength(2);
  });
});

describe("mergeOverview", () => {
  it("shows the read model until the first push", () => {
    const v = mergeOverview(makeData(), initialLiveState);
    expect(v.live).toBe(false);
    expect(v.eventsPerSecond).toBe(5);
    expect(v.events.map((e) => e.id)).toEqual(["seed-1", "seed-2"]);
    expect(v.points).toHaveLength(2);
  });

  it("adds what the server stored after the read model was taken", () => {
    let s = reduceLive(
      initialLiveState,
      makeSummary(T0 - 1_000, { stored: { events: 50, deliveries: 0, deadLetters: 2, duplicates: 0 } }),
    );
    s = reduceLive(
      s,
      makeSummary(T0 + 2_000, { stored: { events: 80, deliveries: 0, deadLetters: 5, duplicates: 0 } }),
    );
    const v = mergeOverview(makeData(), s);
    expect(v.totals.eventsStored).toBe(1030);
    expect(v.totals.eventsLastHour).toBe(130);
    expect(v.totals.deadLettersPending).toBe(4);
  });

  it("puts live events before the seed and drops seed points the live series covers", () => {
    const s = reduceLive(
      initialLiveState,
      makeSummary(T0 - 60_000, { latest: [makeEvent("live-1"), makeEvent("seed-1")] }),
    );
    const v = mergeOverview(makeData(), s);
    expect(v.events.map((e) => e.id)).toEqual(["live-1", "seed-1", "seed-2"]);
    expect(v.points.map((p) => p.t)).toEqual([T0 - 90_000, T0 - 60_000]);
  });

  it("is empty only when nothing was ever stored", () => {
    const none = makeData({ totals: { ...makeData().totals, eventsStored: 0 }, latest: [] });
    expect(mergeOverview(none, initialLiveState).empty).toBe(true);
    const s = reduceLive(initialLiveState, makeSummary(T0, { latest: [makeEvent("first")] }));
    expect(mergeOverview(none, s).empty).toBe(false);
  });
});

describe("filterEvents", () => {
  it("matches type, channel, broker or producer, case-insensitively, up to the limit", () => {
    const events = [
      makeEvent("1", { type: "E2eProbe-abc" }),
      makeEvent("2", { producer: "billing" }),
      makeEvent("3"),
    ];
    expect(filterEvents(events, "e2eprobe").map((e) => e.id)).toEqual(["1"]);
    expect(filterEvents(events, "BILL").map((e) => e.id)).toEqual(["2"]);
    expect(filterEvents(events, "", 2)).toHaveLength(2);
  });
});
