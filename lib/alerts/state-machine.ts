// One alert instance's next state, as a pure function of its current state, one observation and
// the clock (Grafana alerting's model): normal → pending (condition met, for-duration running) →
// firing → normal again ("resolved"). Hysteresis: a firing instance resolves only once the value is
// past the resolve threshold, which may be kinder than the firing one, so a noisy value hovering
// at the threshold does not flap. A cycle without data or with an error follows the rule's policy:
// its own visible state (nodata / error), treat as OK, treat as alerting, or keep the last state.
import type { ErrorPolicy, NoDataPolicy } from "@/lib/alerts/rule-schema";

export const STATES = ["normal", "pending", "firing", "nodata", "error"] as const;
export type AlertStateName = (typeof STATES)[number];
/** What a transition is called in the history; "resolved" is firing → normal. */
export type TransitionEvent = "pending" | "firing" | "resolved" | "normal" | "nodata" | "error";

export type Condition = {
  /** above: fires when value > threshold; below: fires when value < threshold. */
  op: "above" | "below";
  threshold: number;
  /** Where a firing instance resolves (above: value ≤ it; below: value ≥ it); the threshold when unset. */
  resolveThreshold?: number;
  forMs: number;
  noData: NoDataPolicy;
  onError: ErrorPolicy;
};

export type InstanceState = {
  state: AlertStateName;
  /** When `state` was entered (for pending: when the for-duration started). */
  sinceMs: number;
};

export type Observation =
  { kind: "value"; value: number } | { kind: "nodata" } | { kind: "error"; message: string };

export type Step = {
  next: InstanceState;
  /** Set when the state changed. */
  event: TransitionEvent | null;
};

export const INITIAL: InstanceState = { state: "normal", sinceMs: 0 };

function breached(c: Condition, v: number): boolean {
  return c.op === "above" ? v > c.threshold : v < c.threshold;
}

/** A firing instance stays firing until the value is past the resolve threshold (inclusive). */
function stillFiring(c: Condition, v: number): boolean {
  const r = c.resolveThreshold ?? c.threshold;
  return c.op === "above" ? v > r : v < r;
}

function move(from: InstanceState, to: AlertStateName, nowMs: number): Step {
  if (from.state === to) return { next: from, event: null };
  const event: TransitionEvent = to === "normal" && from.state === "firing" ? "resolved" : to;
  return { next: { state: to, sinceMs: nowMs }, event };
}

/** The condition met (true), not met (false) this cycle: pending until the for-duration has passed. */
function judge(s: InstanceState, met: boolean, c: Condition, nowMs: number): Step {
  if (!met) return move(s, "normal", nowMs);
  if (s.state === "firing") return { next: s, event: null };
  if (s.state === "pending")
    return nowMs - s.sinceMs >= c.forMs ? move(s, "firing", nowMs) : { next: s, event: null };
  return c.forMs === 0 ? move(s, "firing", nowMs) : move(s, "pending", nowMs);
}

export function step(s: InstanceState, o: Observation, c: Condition, nowMs: number): Step {
  if (o.kind === "value") {
    const met = s.state === "firing" ? stillFiring(c, o.value) : breached(c, o.value);
    return judge(s, met, c, nowMs);
  }
  const policy = o.kind === "nodata" ? c.noData : c.onError;
  switch (policy) {
    case "keep_last":
      return { next: s, event: null };
    case "ok":
      return judge(s, false, c, nowMs);
    case "alerting":
      return judge(s, true, c, nowMs);
    default: // "nodata" | "error": a state of its own, visible on the rule
      return move(s, o.kind, nowMs);
  }
}
