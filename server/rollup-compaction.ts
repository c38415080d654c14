// Runs the hourly rollup compaction (lib/rollups/compact-hours.ts) every minute and once at boot
// (not awaited: a first run over a long history advances a day per run). Across instances one runs
// at a time; the others skip.
import { observeJob } from "@/lib/metrics/app-metrics";
import { compactHours } from "@/lib/rollups/compact-hours";

type Log = { info: (obj: object, msg: string) => void; error: (obj: object, msg: string) => void };

export const COMPACTION_INTERVAL_MS = 60_000;

export function startRollupCompaction(log: Log, intervalMs = COMPACTION_INTERVAL_MS): () => void {
  let running = false;
  const run = () => {
    if (running) return; // a slow run is not stacked on
    running = true;
    observeJob("rollup_compaction", compactHours)
      .then(
        (r) => "hours" in r && r.hours > 1 && log.info(r, "rollups: compacted hours"),
        // The watermark did not move: the next run redoes the same hours.
        (err: unknown) => log.error({ err }, "rollups: hourly compaction failed"),
      )
      .finally(() => (running = false));
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
