// Sends the alert notification outbox (lib/alerts/send-notifications.ts) every
// ALERT_NOTIFY_INTERVAL_MS and whenever the evaluator reports transitions (`kick`), so a firing
// notification leaves at once and retries wait only for their backoff. A singleton job
// (server/singleton-job.ts): a kick during a run runs once more after it.
import { sendDueNotifications } from "@/lib/alerts/send-notifications";
import { startSingletonJob, type SingletonJob } from "@/server/singleton-job";

type Log = {
  info: (obj: object, msg: string) => void;
  warn: (obj: object, msg: string) => void;
  error: (obj: object, msg: string) => void;
};

export type AlertNotifier = SingletonJob;

export function startAlertNotifier(o: { log: Log; intervalMs: number }): AlertNotifier {
  return startSingletonJob({
    name: "alert_notifications",
    everyMs: o.intervalMs,
    round: () => sendDueNotifications(),
    onDone: (r) => {
      if (r.failed > 0) o.log.warn(r, "alerts: notifications failed after every retry");
      else if (r.retrying > 0) o.log.warn(r, "alerts: notifications failed, will retry");
    },
    failure: "alerts: sending notifications failed",
    log: o.log,
  });
}
