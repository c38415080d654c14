// Makes sure the daily `messages` partitions exist for the days a batch touches, once per day per
// process. Outside the batch transaction on purpose: CREATE TABLE … PARTITION OF locks the parent
// and the default partition, and holding those locks until a batch commits would stall every other
// batch. Creations are serialised by an advisory lock: two sessions creating partitions at once
// take those two locks in different orders and deadlock (seen in the benchmark).
import { withTransaction } from "@/lib/db/client";
import { dimensionCache } from "@/lib/ingest/dimension-cache";

const DAY_MS = 86_400_000;
/** Days further back land in messages_default: a replay of old history must not create hundreds of tables. */
export const PARTITION_BACKFILL_DAYS = 31;
/** pg_advisory_xact_lock key for partition creation ("esmp"). */
export const PARTITION_LOCK_KEY = 0x65736d70;

// Another session created the same partition first, or (without the lock, e.g. another tool) a deadlock.
const RETRY_CODES = new Set(["42P07", "23505", "40P01"]);

export async function ensureDays(publishedMs: readonly number[], now = Date.now()): Promise<void> {
  const cache = dimensionCache();
  const today = Math.floor(now / DAY_MS);
  const todo = new Set<number>();
  for (const ms of publishedMs) {
    const day = Math.floor(ms / DAY_MS);
    if (!cache.days.has(day) && day >= today - PARTITION_BACKFILL_DAYS && day <= today + 1) todo.add(day);
  }
  if (todo.size === 0) return;
  const days = [...todo].sort((a, b) => a - b);
  const isoDays = days.map((d) => new Date(d * DAY_MS).toISOString().slice(0, 10));
  for (let attempt = 1; ; attempt++) {
    try {
      await withTransaction(async (client) => {
        await client.query("SELECT pg_advisory_xact_lock($1)", [PARTITION_LOCK_KEY]);
        await client.query(`SELECT es_ensure_message_partitions(d, d) FROM unnest($1::date[]) AS d`, [
          isoDays,
        ]);
      });
      break;
    } catch (err) {
      if (attempt >= 3 || !RETRY_CODES.has((err as { code?: string }).code ?? "")) throw err;
    }
  }
  for (const d of days) cache.days.add(d);
}
