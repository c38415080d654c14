// Runs the reprocess dispatcher (lib/reprocess/dispatch.ts) every DISPATCH_INTERVAL_MS: hands the
// pending items of running requests to collectors at each request's rate and records progress,
// poking `onProgress` with the requests whose progress changed (the `reprocess` live hint). One
// round at a time in this process; across instances one at a time (advisory lock). Nothing is
// held in memory but the rate buckets: a restart resumes from Postgres.
import { observeJob } from "@/lib/metrics/app-metrics";
import { dispatchRound } from "@/lib/reprocess/dispatch";
import { RateBudget } from "@/lib/reprocess/rate-budget";

type Log = { error: (obj: object, msg: string) => void };

export const DISPATCH_INTERVAL_MS = 100;
/** Progress (a count over the items) is recomputed at most this often; the live hint is as slow. */
export const PROGRESS_INTERVAL_MS = 1_000;

export type ReprocessDispatcher = { stop: () => Promise<void> };

export function startReprocessDispatcher(o: {
  log: Log;
  onProgress?: (requestIds: string[]) => void;
  intervalMs?: number;
  progressMs?: number;
}): ReprocessDispatcher {
  const intervalMs = o.intervalMs ?? DISPATCH_INTERVAL_MS;
  const budget = new RateBudget();
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let current: Promise<void> = Promise.resolve();
  let progressAt = Number.NEGATIVE_INFINITY;

  const round = async () => {
    const running = new Set<string>();
    const progress = Date.now() - progressAt >= Math.max(intervalMs, o.progressMs ?? PROGRESS_INTERVAL_MS);
    const r = await dispatchRound(
      (id, rate, room) => {
        running.add(id);
        return budget.take(id, rate, Date.now(), Math.min(rate, room));
      },
      { progress },
    );
    if (progress && !("skipped" in r)) progressAt = Date.now();
    if ("skipped" in r) return;
    budget.keepOnly(running);
    if (r.changed.length > 0) o.onProgress?.(r.changed);
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      current = observeJob("reprocess_dispatch", round)
        .catch((err: unknown) => o.log.error({ err }, "reprocess: dispatcher round failed"))
        .finally(schedule);
    }, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
