import { describe, expect, it } from "vitest";
import type { LiveEvent, LiveSummary } from "@/lib/live/events";
import { LATEST_EVENTS, LiveHub, MAX_PUSHED_EVENTS } from "@/lib/live/hub";
import { RateWindow } from "@/lib/live/rate-window";
import { makeIngestedBatch } from "@/lib/live/test-factories";

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

function fakeClock(start = T0) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms), set: (ms: number) => (t = ms) };
}

let seq = 0;
function makeEvent(over: Partial<LiveEvent> = {}): LiveEvent {
  seq++;
  return {
    id: `e${seq}`,
    broker: "rabbitmq-demo",
    channel: "shop.orders",
    type: "OrderPlaced",
    producer: "storefront",
    publishedAt: new Date(T0).toISOString(),
    size: 100,
    ...over,
  };
}

const makeBatch = makeIngestedBatch;

describe("RateWindow", () => {
  it("reads a steady rate as that rate at any point of a second", () => {
    const w = new RateWindow(10);
    // 20 events/s for 30 s, one every 50 ms, read just after the latest event at various points of a second.
    const reads: number[] = [];
    for (let t = 0; t < 30_000; t += 50) {
      w.add(T0 + t);
      if (t >= 12_000 && t % 350 === 0) reads.push(w.rate(T0 + t + 1));
    }
    expect(reads.length).toBeGreaterThan(40);
    for (const r of reads) expect(Math.abs(r - 20)).toBeLessThan(20 * 0.06);
  });

  it("forgets buckets older than the window, also after a long silence", () => {
    const w = new RateWindow(10);
    w.add(T0, 5);
    expect(w.count(T0 + 9_999)).toBe(5);
    expect(w.count(T0 + 10_000)).toBe(0);
    // The same ring slot reused exactly one lap later must not keep the old count.
    w.add(T0 + 10_000, 1);
    expect(w.count(T0 + 10_000)).toBe(1);
    expect(w.rate(T0 + 3_600_000)).toBe(0);
  });
});

describe("LiveHub", () => {
  it("computes rates overall and per channel, busiest first, and counts what was stored", () => {
    const clock = fakeClock();
    const hub = new LiveHub({ now: clock.now });
    clock.advance(20_000); // past warm-up
    // 10 s of: 3 events/s on shop.orders, 1 event/s on shipping.shipments (nats-demo).
    for (let s = 0; s < 10; s++) {
      const events = [
        makeEvent(),
        makeEvent(),
        makeEvent(),
        makeEvent({ broker: "nats-demo", channel: "shipping.shipments" }),
      ];
      hub.recordIngest(makeBatch(events, { deliveries: 8, deadLetters: 1, duplicates: 2 }));
      clock.advance(1000);
    }
    clock.advance(-1); // the end of the last whole second
    const s = hub.summary();
    expect(s.windowSec).toBe(10);
    expect(s.eventsPerSecond).toBeCloseTo(4, 1);
    expect(s.channels).toEqual([
      { broker: "rabbitmq-demo", channel: "shop.orders", eventsPerSecond: expect.closeTo(3, 1) as number },
      { broker: "nats-demo", channel: "shipping.shipments", eventsPerSecond: expect.closeTo(1, 1) as number },
    ]);
    expect(s.stored).toEqual({ events: 40, deliveries: 80, deadLetters: 10, duplicates: 20 });
    expect(s.at).toBe(new Date(clock.now()).toISOString());
  });

  it("counts every stored event of a batch, not only the newest few it lists", () => {
    const clock = fakeClock();
    const hub = new LiveHub({ now: clock.now });
    clock.advance(20_000);
    // Ingest lists at most 100 of a batch's events; a batch of 500 on two channels is 500 events.
    const listed = Array.from({ length: MAX_PUSHED_EVENTS }, () => makeEvent());
    const channels: [string, string, number][] = [
      ["rabbitmq-demo", "shop.orders", 400],
      ["nats-demo", "shipping.shipments", 100],
    ];
    hub.recordIngest(makeBatch(listed, { total: 500, channels }));
    const s = hub.summary();
    expect(s.stored.events).toBe(500);
    expect(s.eventsPerSecond).toBeCloseTo(500 / 9, 0); // the window's 9 whole seconds and a moment
    expect(s.channels.map((c) => [c.channel, Math.round(c.eventsPerSecond * 9)])).toEqual([
      ["shop.orders", 400],
      ["shipping.shipments", 100],
    ]);
    expect(s.latest).toHaveLength(MAX_PUSHED_EVENTS); // all listed, none pushed yet
  });

  it("does not under-read during warm-up, and decays to 0 once the window has passed", () => {
    const clock = fakeClock();
    const hub = new LiveHub({ now: clock.now });
    clock.advance(2000);
    hub.recordIngest(makeBatch(Array.from({ length: 10 }, () => makeEvent())));
    // 10 events 2 s after start: 5/s, not 10 events / 10 s.
    expect(hub.summary().eventsPerSecond).toBeCloseTo(5, 1);
    clock.advance(10_000);
    const s = hub.summary();
    expect(s.eventsPerSecond).toBe(0);
    expect(s.channels).toEqual([]); // quiet channels are dropped
    expect(s.latest).toHaveLength(10); // the newest events stay visible
  });

  it("pushes the 20 newest events, or every one since the last push when more came, newest first", () => {
    const clock = fakeClock();
    const hub = new LiveHub({ now: clock.now });
    const pushed: LiveSummary[] = [];
    hub.start((summary) => pushed.push(summary), 500);
    const all: LiveEvent[] = [];
    const ingest = (batches: number, size: number) => {
      for (let b = 0; b < batches; b++) {
        const events = Array.from({ length: size }, () => makeEvent());
        all.push(...events);
        // Ingest hands a batch over newest first.
        hub.recordIngest(makeBatch([...events].reverse()));
      }
      clock.advance(500);
      expect(hub.tick()).toBe(true);
      return pushed.at(-1)!.latest.map((e) => e.id);
    };
    const newest = (n: number) =>
      all
        .slice(-n)
        .reverse()
        .map((e) => e.id);
    // 8 since the last push: the 20 newest, across batches (older ones already pushed).
    ingest(7, 4);
    expect(ingest(2, 4)).toEqual(newest(LATEST_EVENTS));
    // 60 since the last push (a late push on a busy loop): all of them, none lost between pushes.
    expect(ingest(15, 4)).toEqual(newest(60));
    // A burst beyond the cap: the newest MAX_PUSHED_EVENTS.
    expect(ingest(3, 50)).toEqual(newest(MAX_PUSHED_EVENTS));
    hub.stop();
  });

  it("pushes at most once per interval, only with subscribers, and only when something changed", () => {
    const clock = fakeClock();
    const hub = new LiveHub({ now: clock.now });
    const pushed: { at: number; summary: LiveSummary }[] = [];
    let subscribers = false;
    // The test is synchronous, so start()'s real (unref'd) timer never fires: tick() is driven here.
    hub.start(
      (summary) => pushed.push({ at: clock.now(), summary }),
      500,
      () => subscribers,
    );

    hub.recordIngest(makeBatch([makeEvent()]));
    expect(hub.tick()).toBe(false); // nobody listens
    subscribers = true;

    // Events every 10 ms and a tick every 10 ms for 3 s: pushes only every 500 ms.
    const start = clock.now();
    for (let t = 0; t < 3000; t += 10) {
      clock.set(start + t);
      hub.recordIngest(makeBatch([makeEvent()]));
      hub.tick();
    }
    const offsets = pushed.map((p) => p.at - start);
    expect(offsets).toEqual([0, 500, 1000, 1500, 2000, 2500]);
    for (let i = 1; i < pushed.length; i++)
      expect(pushed[i]!.at - pushed[i - 1]!.at).toBeGreaterThanOrEqual(500);
    hub.stop();
    expect(hub.tick()).toBe(false);
  });

  it("keeps pushing while rates decay, pushes a final 0, then goes quiet", () => {
    const clock = fakeClock();
    const hub = new LiveHub({ now: clock.now });
    const pushed: LiveSummary[] = [];
    hub.start((s) => pushed.push(s), 500);
    clock.advance(20_000);
    hub.recordIngest(makeBatch([makeEvent(), makeEvent()]));
    for (let t = 0; t < 30_000; t += 500) {
      hub.tick();
      clock.advance(500);
    }
    const rates = pushed.map((s) => s.eventsPerSecond);
    expect(rates[0]).toBeGreaterThan(0);
    expect(rates.at(-1)).toBe(0);
    expect(rates.filter((r) => r === 0)).toHaveLength(1);
    // Decaying rates are pushed for about one window (10 s at 2 per second), not forever.
    expect(pushed.length).toBeGreaterThanOrEqual(19);
    expect(pushed.length).toBeLessThanOrEqual(23);

    // Nothing changed and rates are 0: no push. A new batch wakes it up.
    const before = pushed.length;
    expect(hub.tick()).toBe(false);
    hub.recordIngest(makeBatch([], { deliveries: 3 }));
    expect(hub.tick()).toBe(true);
    expect(pushed.length).toBe(before + 1);
    expect(pushed.at(-1)?.stored.deliveries).toBe(3);
    hub.stop();
  });
});
