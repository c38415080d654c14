// Drops the daily partitions of `messages` whose whole UTC day is older than the cutoff. Each drop
// is its own short transaction: DETACH + DROP need an ACCESS EXCLUSIVE lock on `messages`, which
// waits for every query reading it. With a lock_timeout the wait is bounded (queries queued behind
// the request stall at most that long) and a partition still being read is left for the next run,
// never pulled from under a query. DETACH … CONCURRENTLY is not an option: Postgres refuses it while
// the table has a default partition, and messages_default catches rows of days with no partition.
// Partition creation (ingest's ensureDays, the hourly maintenance) is serialised with the same
// advisory lock, so a drop and a create never take the parent's locks in opposite orders.
// Nothing references messages by foreign key (the retention test checks so).
import type pg from "pg";
import { PARTITION_LOCK_KEY } from "@/lib/ingest/ensure-days";

const DAY_MS = 86_400_000;
/** The daily partitions es_ensure_message_partitions creates: messages_YYYYMMDD, one UTC day each. */
const DAY_PARTITION = /^messages_(\d{4})(\d{2})(\d{2})$/;

export type DayPartition = { name: string; fromMs: number; toMs: number };

/** The daily partitions of `messages`, oldest first (the default partition is not one). */
export async function listDayPartitions(db: pg.ClientBase | pg.Pool): Promise<DayPartition[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'messages'::regclass`,
  );
  const out: DayPartition[] = [];
  for (const { name } of rows) {
    const m = DAY_PARTITION.exec(name);
    if (!m) continue;
    const fromMs = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    out.push({ name, fromMs, toMs: fromMs + DAY_MS });
  }
  return out.sort((a, b) => a.fromMs - b.fromMs);
}

export type DropResult = { dropped: string[]; busy: string[] };

/** Drops every daily partition ending at or before `cutoffMs`; busy ones (lock timeout) wait for the next run. */
export async function dropExpiredPartitions(
  db: pg.ClientBase,
  cutoffMs: number,
  lockTimeoutMs: number,
  signal?: AbortSignal,
): Promise<DropResult> {
  const result: DropResult = { dropped: [], busy: [] };
  for (const p of await listDayPartitions(db)) {
    if (p.toMs > cutoffMs || signal?.aborted) break;
    await db.query("BEGIN");
    try {
      await db.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.floor(lockTimeoutMs))}`);
      await db.query("SELECT pg_advisory_xact_lock($1)", [PARTITION_LOCK_KEY]);
      await db.query(`ALTER TABLE messages DETACH PARTITION "${p.name}"`);
      await db.query(`DROP TABLE "${p.name}"`);
      await db.query("COMMIT");
      result.dropped.push(p.name);
    } catch (err) {
      await db.query("ROLLBACK");
      // 55P03: lock_not_available — a query still reads it, or ingest is creating a partition.
      if ((err as { code?: string }).code !== "55P03") throw err;
      result.busy.push(p.name);
    }
  }
  return result;
}
