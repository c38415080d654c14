// Runs the alert evaluation cycle (lib/alerts/evaluate-rules.ts) every ALERT_EVAL_INTERVAL_MS
// (15 s by default) and once at boot. Across instances one evaluates per cycle (advisory lock; the
// others skip); in this process a slow cycle is not stacked on. State changes are logged (firing and
// resolved at info) and handed to `onTransitions` (server/main.ts kicks the notification sender with them).
// Each completed cycle is published to the live hub (lib/live/publish.ts): the Alerts pages, the
// firing banner and the badge refetch on the hint instead of polling.
import { observeJob } from "@/lib/metrics/app-metrics";
import { evaluateRules, type Transition } from "@/lib/alerts/evaluate-rules";
import { publishAlertsEvaluated } from "@/lib/live/publish";

type Log = {
  info: (obj: object, msg: string) => void;
  warn: (obj: object, msg: string) => void;
  error: (obj: object, msg: string) => void;
};

export const ALERT_EVAL_INTERVAL_MS = 15_000;
/** A cycle this slow is worth a warning: the interval is the budget. */
const SLOW_FRACTION = 0.5;

export type AlertEvaluator = { stop: () => Promise<void> };

export function startAlertEvaluator(o: {
  log: Log;
  intervalMs?: number;
  onTransitions?: (t: Transition[]) => void;
}): AlertEvaluator {
  const intervalMs = o.intervalMs ?? ALERT_EVAL_INTERVAL_MS;
  let current: Promise<void> | null = null;
  const run = () => {
    if (current) return; // a slow cycle is not stacked on
    const started = Date.now();
    current = observeJob("alert_evaluation", () => evaluateRules(started))
      .then((c) => {
        if ("skipped" in c) return;
        const ms = Date.now() - started;
        if (ms > intervalMs * SLOW_FRACTION)
          o.log.warn({ ms, rules: c.rules, intervalMs }, "alerts: evaluation cycle was slow");
        for (const t of c.transitions)
          if (t.event === "firing" || t.event === "resolved")
            o.log.info(
              { ruleId: t.ruleId, scope: t.scopeKey, value: t.value },
              `alert ${t.event}: ${t.summary}`,
            );
        if (c.transitions.length > 0) o.onTransitions?.(c.transitions);
        publishAlertsEvaluated(c.transitions.length > 0);
      })
      .catch((err: unknown) => o.log.error({ err }, "alerts: evaluation cycle failed"))
      .finally(() => (current = null));
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await current;
    },
  };
}
