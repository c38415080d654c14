// Runs the alert evaluation cycle (lib/alerts/evaluate-rules.ts) every ALERT_EVAL_INTERVAL_MS
// (15 s by default) and once at start, as a singleton job (server/singleton-job.ts). State changes
// are logged (firing and resolved at info) and handed to `onTransitions` (the leader's job set kicks
// the notification sender with them). Each completed cycle is published to the live hub
// (lib/live/publish.ts; server/live-relay.ts carries it to the web instances): the Alerts pages, the
// firing banner and the badge refetch on the hint instead of polling.
import { evaluateRules, type Transition } from "@/lib/alerts/evaluate-rules";
import { publishAlertsEvaluated } from "@/lib/live/publish";
import { startSingletonJob, type SingletonJob } from "@/server/singleton-job";

type Log = {
  info: (obj: object, msg: string) => void;
  warn: (obj: object, msg: string) => void;
  error: (obj: object, msg: string) => void;
};

export const ALERT_EVAL_INTERVAL_MS = 15_000;
/** A cycle this slow is worth a warning: the interval is the budget. */
const SLOW_FRACTION = 0.5;

export function startAlertEvaluator(o: {
  log: Log;
  intervalMs?: number;
  onTransitions?: (t: Transition[]) => void;
}): SingletonJob {
  const intervalMs = o.intervalMs ?? ALERT_EVAL_INTERVAL_MS;
  return startSingletonJob({
    name: "alert_evaluation",
    everyMs: intervalMs,
    round: () => evaluateRules(Date.now()),
    onDone: (c, ms) => {
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
    },
    failure: "alerts: evaluation cycle failed",
    log: o.log,
  });
}
