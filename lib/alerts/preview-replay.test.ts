// The preview's replay: episodes of pending and firing as the evaluator's state machine would have
// produced them, with the for-duration counted on the series' clock and hysteresis holding a firing
// rule until the value is past the resolve threshold.
import { describe, expect, it } from "vitest";
import { replay, type ReplayPoint } from "@/lib/alerts/preview-replay";
import type { Condition } from "@/lib/alerts/state-machine";

const MIN = 60_000;
const cond = (c: Partial<Condition> = {}): Condition => ({
  op: "above",
  threshold: 100,
  forMs: 0,
  noData: "nodata",
  onError: "error",
  ...c,
});
const series = (values: (number | null)[]): ReplayPoint[] =>
  values.map((v, i) => ({
    t: i * MIN,
    obs: v === null ? { kind: "nodata" } : { kind: "value", value: v },
  }));

describe("replay", () => {
  it("fires at once without a for-duration, and resolves at the first value back under", () => {
    const r = replay(series([50, 150, 160, 90, 80]), cond(), 5 * MIN);
    expect(r.states).toEqual(["normal", "firing", "firing", "normal", "normal"]);
    expect(r.episodes).toEqual([{ state: "firing", fromMs: MIN, toMs: 3 * MIN }]);
  });

  it("is pending for the for-duration before firing; a dip during it starts over", () => {
    const r = replay(series([150, 150, 50, 150, 150, 150, 150]), cond({ forMs: 2 * MIN }), 7 * MIN);
    expect(r.states).toEqual(["pending", "pending", "normal", "pending", "pending", "firing", "firing"]);
    expect(r.episodes).toEqual([
      { state: "pending", fromMs: 0, toMs: 2 * MIN },
      { state: "pending", fromMs: 3 * MIN, toMs: 5 * MIN },
      { state: "firing", fromMs: 5 * MIN, toMs: 7 * MIN },
    ]);
  });

  it("keeps firing above the resolve threshold (hysteresis), unlike without one", () => {
    const values = [150, 95, 85, 70];
    expect(replay(series(values), cond({ resolveThreshold: 80 }), 4 * MIN).states).toEqual([
      "firing",
      "firing",
      "firing",
      "normal",
    ]);
    expect(replay(series(values), cond(), 4 * MIN).states).toEqual(["firing", "normal", "normal", "normal"]);
  });

  it("fires below the threshold for a 'below' condition", () => {
    const r = replay(series([10, 3, 4, 12]), cond({ op: "below", threshold: 5 }), 4 * MIN);
    expect(r.episodes).toEqual([{ state: "firing", fromMs: MIN, toMs: 3 * MIN }]);
  });

  it("follows the no-data policy: its own state, or treated as alerting", () => {
    const values = [null, null, 50];
    expect(replay(series(values), cond(), 3 * MIN).episodes).toEqual([
      { state: "nodata", fromMs: 0, toMs: 2 * MIN },
    ]);
    expect(replay(series(values), cond({ noData: "alerting" }), 3 * MIN).episodes).toEqual([
      { state: "firing", fromMs: 0, toMs: 2 * MIN },
    ]);
  });

  it("has no episodes for an empty series", () => {
    expect(replay([], cond(), 0)).toEqual({ states: [], episodes: [] });
  });
});
