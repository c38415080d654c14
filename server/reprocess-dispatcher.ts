// Runs the reprocess dispatcher (lib/reprocess/dispatch.ts) every DISPATCH_INTERVAL_MS as a
// singleton job (server/singleton-job.ts): hands the pending items of running requests to
// collectors at each request's rate and records progress, poking `onProgress` with the requests
// whose progress changed (the `reprocess` live hint). Nothing is held in memory but the rate
// buckets: a restart, or another worker taking over, resumes from Postgres.
import { dispatchRound } from "@/lib/reprocess/dispatch";
import { RateBudget } from "@/lib/reprocess/rate-budget";
import { startSingletonJob } from "@/server/singleton-job";

type Log = { error: (obj: object, msg: string) => void };

/**
 * A round's period; each round also folds in progress, as a fold costs what changed (a recount of
 * the items ran once a second). The live hint coalesces to one a second anyway.
 */
export const DISPATCH_INTERVAL_MS = 100;

export type ReprocessDispatcher = { stop: () => Promise<void> };

export function startReprocessDispatcher(o: {
  log: Log;
  onProgress?: (requestIds: string[]) => void;
  intervalMs?: number;
}): ReprocessDispatcher {
  const intervalMs = o.intervalMs ?? DISPATCH_INTERVAL_MS;
  const budget = new RateBudget();

  const round = async () => {
    const running = new Set<string>();
    const r = await dispatchRound((id, rate, room) => {
      running.add(id);
      return budget.take(id, rate, Date.now(), Math.min(rate, room));
    });
    if ("skipped" in r) return r;
    budget.keepOnly(running);
    return r;
  };
  const job = startSingletonJob({
    name: "reprocess_dispatch",
    everyMs: intervalMs,
    firstAfterMs: intervalMs,
    round,
    onDone: (r) => r.changed.length > 0 && o.onProgress?.(r.changed),
    failure: "reprocess: dispatcher round failed",
    log: o.log,
  });
  return { stop: job.stop };
}
