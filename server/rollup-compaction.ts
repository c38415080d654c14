// Runs the hourly rollup compaction (lib/rollups/compact-hours.ts) every minute and once at start
// (a first run over a long history advances a day per run), as a singleton job
// (server/singleton-job.ts).
import { compactHours } from "@/lib/rollups/compact-hours";
import { startSingletonJob } from "@/server/singleton-job";

type Log = { info: (obj: object, msg: string) => void; error: (obj: object, msg: string) => void };

export const COMPACTION_INTERVAL_MS = 60_000;

export function startRollupCompaction(log: Log, intervalMs = COMPACTION_INTERVAL_MS): () => Promise<void> {
  return startSingletonJob({
    name: "rollup_compaction",
    everyMs: intervalMs,
    round: () => compactHours(),
    onDone: (r) => r.hours > 1 && log.info(r, "rollups: compacted hours"),
    // The watermark did not move: the next run redoes the same hours.
    failure: "rollups: hourly compaction failed",
    log,
  }).stop;
}
