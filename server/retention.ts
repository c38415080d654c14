// Runs the retention pass (lib/retention/run-retention.ts) hourly, and once a minute after boot
// (not at boot itself: a first pass over a long history deletes for a while and should not compete
// with start-up). Across instances one runs at a time; the others skip. Logs what went. Stopping
// aborts a pass in flight after its current statement and waits for it, so the pool closes after.
import { observeJob } from "@/lib/metrics/app-metrics";
import { env } from "@/lib/env";
import { retentionSettings, runRetention } from "@/lib/retention/run-retention";

type Log = { info: (obj: object, msg: string) => void; error: (obj: object, msg: string) => void };

export const RETENTION_INTERVAL_MS = 60 * 60 * 1000;
const FIRST_RUN_MS = 60_000;

export function startRetention(log: Log, intervalMs = RETENTION_INTERVAL_MS): () => Promise<void> {
  const settings = retentionSettings(env());
  const stopping = new AbortController();
  let running: Promise<void> | undefined;
  const run = () => {
    if (running) return; // a slow pass is not stacked on
    running = observeJob("retention", () => runRetention(settings, new Date(), { signal: stopping.signal }))
      .then(
        (r) => {
          if ("skipped" in r) return;
          const deleted = Object.values(r.deleted).reduce((a, b) => a + b, 0);
          if (r.droppedPartitions.length > 0 || r.busyPartitions.length > 0 || deleted > 0)
            log.info({ ...r, settings }, "retention: dropped expired data");
        },
        // Whatever went stays gone; the rest is retried by the next pass.
        (err: unknown) => log.error({ err }, "retention pass failed"),
      )
      .finally(() => (running = undefined));
  };
  const first = setTimeout(run, Math.min(FIRST_RUN_MS, intervalMs));
  first.unref();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return async () => {
    clearTimeout(first);
    clearInterval(timer);
    stopping.abort();
    await running;
  };
}
