// Runs the retention pass (lib/retention/run-retention.ts) hourly, and once a minute after start
// (not at once: a first pass over a long history deletes for a while and should not compete with
// start-up), as a singleton job (server/singleton-job.ts). Logs what went. Stopping aborts a pass
// in flight after its current statement and waits for it, so the pool closes after.
import { env } from "@/lib/env";
import { retentionSettings, runRetention } from "@/lib/retention/run-retention";
import { startSingletonJob } from "@/server/singleton-job";

type Log = { info: (obj: object, msg: string) => void; error: (obj: object, msg: string) => void };

export const RETENTION_INTERVAL_MS = 60 * 60 * 1000;
const FIRST_RUN_MS = 60_000;

export function startRetention(log: Log, intervalMs = RETENTION_INTERVAL_MS): () => Promise<void> {
  const settings = retentionSettings(env());
  return startSingletonJob({
    name: "retention",
    everyMs: intervalMs,
    firstAfterMs: Math.min(FIRST_RUN_MS, intervalMs),
    round: (signal) => runRetention(settings, new Date(), { signal }),
    onDone: (r) => {
      const deleted = Object.values(r.deleted).reduce((a, b) => a + b, 0);
      if (r.droppedPartitions.length > 0 || r.busyPartitions.length > 0 || deleted > 0)
        log.info({ ...r, settings }, "retention: dropped expired data");
    },
    // Whatever went stays gone; the rest is retried by the next pass.
    failure: "retention pass failed",
    log,
  }).stop;
}
