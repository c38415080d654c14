// The preview's "where would it have fired": the rule's real state machine (lib/alerts/state-machine.ts)
// stepped over a past series, one observation per point, with the point's time as the clock — so
// the for-duration and the resolve threshold (hysteresis) act as they do in the evaluator, at the
// series' step instead of the evaluator's interval. Pure: the series comes from the caller.
import {
  INITIAL,
  step,
  type AlertStateName,
  type Condition,
  type Observation,
} from "@/lib/alerts/state-machine";

export type ReplayPoint = { t: number; obs: Observation };

/** A stretch of points in one state other than normal: [fromMs, toMs). */
export type Episode = { state: Exclude<AlertStateName, "normal">; fromMs: number; toMs: number };

export type Replay = { states: AlertStateName[]; episodes: Episode[] };

/** Steps the machine over `points` (in time order); the last episode ends at `endMs`. */
export function replay(points: readonly ReplayPoint[], cond: Condition, endMs: number): Replay {
  const states: AlertStateName[] = [];
  const episodes: Episode[] = [];
  let s = { ...INITIAL, sinceMs: points[0]?.t ?? 0 };
  let open: Episode | null = null;
  for (const p of points) {
    s = step(s, p.obs, cond, p.t).next;
    states.push(s.state);
    if (open && open.state !== s.state) {
      open.toMs = p.t;
      episodes.push(open);
      open = null;
    }
    if (!open && s.state !== "normal") open = { state: s.state, fromMs: p.t, toMs: endMs };
  }
  if (open) episodes.push(open);
  return { states, episodes };
}
