// The create/edit form's live preview: a rule's metric over the last hours, read exactly as the
// evaluator reads it (lib/alerts/read-metrics.ts, rollups and the small gauge/dead-letter/collector
// tables — never raw messages) at each point of the range, and the evaluator's state machine
// replayed over it (lib/alerts/preview-replay.ts) to show where the rule would have been pending or
// firing. The step grows with the range (1 h: 1 min, 6 h: 5 min, 24 h: 15 min) so a preview is at
// most 96 reads; a for-duration shorter than the step then counts as one step.
import "server-only";
import { pool } from "@/lib/db/client";
import { replay, type Episode } from "@/lib/alerts/preview-replay";
import { conditionOf, readMetrics } from "@/lib/alerts/read-metrics";
import { windowEnd } from "@/lib/alerts/read-traffic";
import type { RuleSpec } from "@/lib/alerts/rule-schema";
import type { AlertStateName, Observation } from "@/lib/alerts/state-machine";

const MIN = 60_000;
export const PREVIEW_RANGES = { "1h": 1 * MIN, "6h": 5 * MIN, "24h": 15 * MIN } as const;
export type PreviewRange = keyof typeof PREVIEW_RANGES;
const RANGE_MS: Record<PreviewRange, number> = { "1h": 60 * MIN, "6h": 360 * MIN, "24h": 1440 * MIN };

export type PreviewPoint = { t: string; value: number | null; state: AlertStateName };

export type RulePreview = {
  range: PreviewRange;
  from: string;
  to: string;
  stepSeconds: number;
  /** Where it fires (above it, or below for throughput) and where a firing rule resolves. */
  op: "above" | "below";
  threshold: number;
  resolveThreshold: number | null;
  points: PreviewPoint[];
  episodes: { state: Episode["state"]; from: string; to: string }[];
  /** Set when the reading is the present state, not a history (the preview repeats today's value). */
  note: string | null;
};

function noteOf(spec: RuleSpec): string | null {
  if (spec.kind === "dlq_depth" && spec.params.condition === "above")
    return "The DLQ depth has no history: the preview shows the dead letters waiting now at every point.";
  if (spec.kind === "schema" && spec.params.signal === "drift")
    return "Drift has no history: the preview shows the types drifting now at every point.";
  return null;
}

/** One observation per point: a rule watching several things (collectors) reads as its worst. */
function worst(obs: Observation[], op: "above" | "below"): Observation {
  const values = obs.flatMap((o) => (o.kind === "value" ? [o.value] : []));
  if (values.length > 0)
    return { kind: "value", value: op === "above" ? Math.max(...values) : Math.min(...values) };
  return obs.find((o) => o.kind === "error") ?? { kind: "nodata" };
}

export async function previewRule(
  spec: RuleSpec,
  range: PreviewRange,
  nowMs = Date.now(),
): Promise<RulePreview> {
  const stepMs = PREVIEW_RANGES[range];
  const toMs = windowEnd(nowMs);
  const fromMs = toMs - RANGE_MS[range];
  const cond = conditionOf(spec);
  const rule = { id: "preview", name: spec.name, version: 0, spec };
  const points: { t: number; obs: Observation }[] = [];
  const client = await pool().connect();
  try {
    for (let t = fromMs + stepMs; t <= toMs; t += stepMs) {
      const readings = (await readMetrics(client, [rule], t)).get(rule.id) ?? [];
      points.push({
        t,
        obs: worst(
          readings.map((r) => r.obs),
          cond.op,
        ),
      });
    }
  } finally {
    client.release();
  }
  // A state holds until the next read: the last one until a step past the range.
  const r = replay(points, cond, toMs + stepMs);
  return {
    range,
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    stepSeconds: stepMs / 1000,
    op: cond.op,
    threshold: cond.threshold,
    resolveThreshold: cond.resolveThreshold ?? null,
    points: points.map((p, i) => ({
      t: new Date(p.t).toISOString(),
      value: p.obs.kind === "value" ? p.obs.value : null,
      state: r.states[i]!,
    })),
    episodes: r.episodes.map((e) => ({
      state: e.state,
      from: new Date(e.fromMs).toISOString(),
      to: new Date(e.toMs).toISOString(),
    })),
    note: noteOf(spec),
  };
}
