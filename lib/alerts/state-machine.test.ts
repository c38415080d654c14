import { describe, expect, it } from "vitest";
import {
  INITIAL,
  step,
  type Condition,
  type InstanceState,
  type Observation,
} from "@/lib/alerts/state-machine";

const S = 1000;
const base: Condition = { op: "above", threshold: 100, forMs: 60 * S, noData: "nodata", onError: "error" };
const v = (value: number): Observation => ({ kind: "value", value });

/** Feeds observations at the given clock times; returns the state after each and the events. */
function run(c: Condition, feed: [number, Observation][], from: InstanceState = INITIAL) {
  let s = from;
  const seen: { at: number; state: string; event: string | null }[] = [];
  for (const [at, o] of feed) {
    const r = step(s, o, c, at);
    s = r.next;
    seen.push({ at, state: s.state, event: r.event });
  }
  return seen;
}

describe("alert state machine", () => {
  it("waits the for-duration in pending before firing, then resolves", () => {
    const seen = run(base, [
      [0, v(150)],
      [15 * S, v(150)],
      [59 * S, v(150)],
      [60 * S, v(150)],
      [75 * S, v(150)],
      [90 * S, v(50)],
    ]);
    expect(seen.map((x) => [x.state, x.event])).toEqual([
      ["pending", "pending"],
      ["pending", null],
      ["pending", null],
      ["firing", "firing"],
      ["firing", null],
      ["normal", "resolved"],
    ]);
  });

  it("counts the for-duration from the first breaching cycle, and restarts it after a dip", () => {
    const seen = run(base, [
      [0, v(150)],
      [30 * S, v(90)], // dip: back to normal, never fired
      [45 * S, v(150)],
      [90 * S, v(150)], // 45 s into the new pending
      [105 * S, v(150)], // 60 s: fires
    ]);
    expect(seen.map((x) => x.event)).toEqual(["pending", "normal", "pending", null, "firing"]);
    expect(seen[1]!.state).toBe("normal");
  });

  it("fires at once with no for-duration", () => {
    expect(run({ ...base, forMs: 0 }, [[0, v(101)]])[0]).toMatchObject({ state: "firing", event: "firing" });
    expect(run({ ...base, forMs: 0 }, [[0, v(100)]])[0]).toMatchObject({ state: "normal", event: null });
  });

  it("with hysteresis, stays firing between the resolve threshold and the threshold", () => {
    const c: Condition = { ...base, forMs: 0, resolveThreshold: 80 };
    const seen = run(c, [
      [0, v(120)],
      [15 * S, v(95)], // below 100 but above 80: still firing (no flap)
      [30 * S, v(105)],
      [45 * S, v(81)],
      [60 * S, v(80)], // at the resolve threshold: resolved
      [75 * S, v(95)], // under the firing threshold: stays normal
    ]);
    expect(seen.map((x) => [x.state, x.event])).toEqual([
      ["firing", "firing"],
      ["firing", null],
      ["firing", null],
      ["firing", null],
      ["normal", "resolved"],
      ["normal", null],
    ]);
    // Without it the same values flap.
    const flap = run({ ...c, resolveThreshold: undefined }, [
      [0, v(120)],
      [15 * S, v(95)],
      [30 * S, v(105)],
    ]);
    expect(flap.map((x) => x.event)).toEqual(["firing", "resolved", "firing"]);
  });

  it("works below a threshold (throughput), resolving above the resolve threshold", () => {
    const c: Condition = { ...base, op: "below", threshold: 10, resolveThreshold: 20, forMs: 0 };
    const seen = run(c, [
      [0, v(5)],
      [15 * S, v(15)],
      [30 * S, v(20)],
    ]);
    expect(seen.map((x) => x.state)).toEqual(["firing", "firing", "normal"]);
  });

  it("follows the no-data policy", () => {
    const firing: InstanceState = { state: "firing", sinceMs: 0 };
    const nd: Observation = { kind: "nodata" };
    expect(step(firing, nd, base, S)).toMatchObject({ next: { state: "nodata" }, event: "nodata" });
    expect(step(firing, nd, { ...base, noData: "ok" }, S)).toMatchObject({
      next: { state: "normal" },
      event: "resolved",
    });
    expect(step(firing, nd, { ...base, noData: "keep_last" }, S)).toEqual({ next: firing, event: null });
    // "alerting" goes through pending like a breach would.
    const seen = run({ ...base, noData: "alerting" }, [
      [0, nd],
      [60 * S, nd],
    ]);
    expect(seen.map((x) => x.event)).toEqual(["pending", "firing"]);
    // Data again: judged afresh.
    expect(step({ state: "nodata", sinceMs: 0 }, v(50), base, S)).toMatchObject({
      next: { state: "normal" },
      event: "normal",
    });
  });

  it("follows the error policy, and keep_last does not advance a pending for-duration", () => {
    const err: Observation = { kind: "error", message: "boom" };
    expect(step(INITIAL, err, base, S)).toMatchObject({ next: { state: "error" }, event: "error" });
    expect(step(INITIAL, err, { ...base, onError: "ok" }, S).event).toBeNull();
    const pending: InstanceState = { state: "pending", sinceMs: 0 };
    expect(step(pending, err, { ...base, onError: "keep_last" }, 120 * S)).toEqual({
      next: pending,
      event: null,
    });
  });
});
