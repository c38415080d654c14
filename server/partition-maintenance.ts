// Keeps the messages table's daily partitions ahead of the clock: once at boot (awaited, so the
// first ingest finds today's partition) and then hourly.
import { pool } from "@/lib/db/client";
import { ensureMessagePartitions } from "@/lib/db/partitions";
import { env } from "@/lib/env";
import { observeJob } from "@/lib/metrics/app-metrics";

type Log = { info: (obj: object, msg: string) => void; error: (obj: object, msg: string) => void };

export const PARTITION_CHECK_MS = 60 * 60 * 1000;

export async function startPartitionMaintenance(
  log: Log,
  intervalMs = PARTITION_CHECK_MS,
): Promise<() => void> {
  // Not back into days retention drops (RETENTION_RAW_DAYS of 1 would otherwise churn one hourly).
  const rawDays = env().RETENTION_RAW_DAYS;
  const ensure = () =>
    observeJob("partition_maintenance", () => ensureMessagePartitions(pool(), new Date(), rawDays));
  const created = await ensure();
  log.info({ created }, "message partitions ensured");
  const timer = setInterval(() => {
    ensure().then(
      (n) => n > 0 && log.info({ created: n }, "message partitions created"),
      // The next hour retries; days ahead are already there, so one miss is harmless.
      (err: unknown) => log.error({ err }, "could not ensure message partitions"),
    );
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
