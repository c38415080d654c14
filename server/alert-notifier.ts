// Sends the alert notification outbox (lib/alerts/send-notifications.ts) every
// ALERT_NOTIFY_INTERVAL_MS and whenever the evaluator reports transitions (`kick`), so a firing
// notification leaves at once and retries wait only for their backoff. Across instances one sends
// (advisory lock; the others skip); in this process a slow run is not stacked on, and a kick during
// a run runs once more after it.
import { sendDueNotifications } from "@/lib/alerts/send-notifications";

type Log = {
  info: (obj: object, msg: string) => void;
  warn: (obj: object, msg: string) => void;
  error: (obj: object, msg: string) => void;
};

export type AlertNotifier = { kick: () => void; stop: () => Promise<void> };

export function startAlertNotifier(o: { log: Log; intervalMs: number }): AlertNotifier {
  let current: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const run = () => {
    if (stopped) return;
    if (current) {
      again = true;
      return;
    }
    current = sendDueNotifications()
      .then((r) => {
        if ("skipped" in r) return;
        if (r.failed > 0) o.log.warn(r, "alerts: notifications failed after every retry");
        else if (r.retrying > 0) o.log.warn(r, "alerts: notifications failed, will retry");
      })
      .catch((err: unknown) => o.log.error({ err }, "alerts: sending notifications failed"))
      .finally(() => {
        current = null;
        if (again) {
          again = false;
          run();
        }
      });
  };
  run();
  const timer = setInterval(run, o.intervalMs);
  timer.unref();
  return {
    kick: run,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await current;
    },
  };
}
