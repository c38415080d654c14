// Keeps the messages table's daily partitions ahead of the clock: at once and then hourly, as a
// singleton job (server/singleton-job.ts). Ingest also creates a day it needs on demand
// (lib/ingest/ensure-days.ts), so a web process never waits for this.
import { pool } from "@/lib/db/client";
import { ensureMessagePartitions } from "@/lib/db/partitions";
import { env } from "@/lib/env";
import { startSingletonJob } from "@/server/singleton-job";

type Log = { info: (obj: object, msg: string) => void; error: (obj: object, msg: string) => void };

export const PARTITION_CHECK_MS = 60 * 60 * 1000;

export function startPartitionMaintenance(log: Log, intervalMs = PARTITION_CHECK_MS): () => Promise<void> {
  // Not back into days retention drops (RETENTION_RAW_DAYS of 1 would otherwise churn one hourly).
  const rawDays = env().RETENTION_RAW_DAYS;
  return startSingletonJob({
    name: "partition_maintenance",
    everyMs: intervalMs,
    round: () => ensureMessagePartitions(pool(), new Date(), rawDays),
    onDone: (created) => created > 0 && log.info({ created }, "message partitions created"),
    // The next hour retries; days ahead are already there, so one miss is harmless.
    failure: "could not ensure message partitions",
    log,
  }).stop;
}
