// Rows written per reprocessed message, from Postgres' own table counters (pg_stat_user_tables):
// unlike wall-clock rates they do not depend on the machine's load, so two runs compare even when
// other work shares the cores. A non-HOT update rewrites an entry in every index of its table.
import { readdir, readFile } from "node:fs/promises";
import pg from "pg";

const TABLES = ["dead_letters", "reprocess_items", "dead_letter_counts"];

/**
 * Zeroes the database's counters. Call it with no pooled connection open: a backend reports its
 * counters when it ends or goes idle, so an earlier phase's would otherwise land after the reset.
 */
export async function resetCounters(url: string): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 500)); // the closed backends' exit reports
  await run(url, "SELECT pg_stat_reset()");
  if (await statementsTracked(url)) await run(url, "SELECT pg_stat_statements_reset()");
}

/**
 * Whether the server preloads pg_stat_statements (`shared_preload_libraries`); the extension is
 * then created in the bench's database so its view can be read. Nothing is printed otherwise.
 */
async function statementsTracked(url: string): Promise<boolean> {
  const [row] = await run<{ on: boolean }>(
    url,
    "SELECT current_setting('shared_preload_libraries') ~ 'pg_stat_statements' AS on",
  );
  if (!row?.on) return false;
  await run(url, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
  return true;
}

/**
 * The statements that took the most server time since resetCounters, per message (total execution
 * time, trigger bodies included as their own statements with `pg_stat_statements.track = all`);
 * empty when pg_stat_statements is not preloaded.
 */
export async function topStatements(url: string, messages: number, limit = 12): Promise<string[]> {
  if (!(await statementsTracked(url))) return [];
  const rows = await run<{ ms: number; calls: string; rows: string; query: string }>(
    url,
    `SELECT s.total_exec_time AS ms, s.calls, s.rows, regexp_replace(s.query, '\\s+', ' ', 'g') AS query
     FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
     WHERE d.datname = current_database() AND s.query !~* 'pg_stat|pg_backend_pid|pg_database'
     ORDER BY s.total_exec_time DESC LIMIT $1`,
    [limit],
  );
  return rows.map(
    (r) =>
      `  ${((r.ms * 1000) / messages).toFixed(1).padStart(6)} µs/msg  ${String(r.calls).padStart(6)} calls  ${r.query.slice(0, 150)}`,
  );
}

/** Per message: inserts, updates (of which HOT) and deletes of each table, since resetCounters. */
export async function countersPerMessage(url: string, messages: number): Promise<string[]> {
  await new Promise((resolve) => setTimeout(resolve, 500));
  const rows = await run<{
    relname: string;
    ins: string;
    upd: string;
    hot: string;
    del: string;
    indexes: string;
  }>(
    url,
    `SELECT t.relname, t.n_tup_ins AS ins, t.n_tup_upd AS upd, t.n_tup_hot_upd AS hot, t.n_tup_del AS del,
            (SELECT count(*) FROM pg_index i WHERE i.indrelid = t.relid) AS indexes
     FROM pg_stat_user_tables t WHERE t.relname = ANY($1::text[]) ORDER BY t.relname`,
    [TABLES],
  );
  const per = (v: string) => (Number(v) / messages).toFixed(2);
  return rows.map(
    (r) =>
      `  ${r.relname.padEnd(20)} per message: insert ${per(r.ins)}, update ${per(r.upd)} (HOT ${per(r.hot)}), delete ${per(r.del)}; ${r.indexes} indexes`,
  );
}

async function run<T extends pg.QueryResultRow>(
  url: string,
  sql: string,
  values: unknown[] = [],
): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql, values)).rows;
  } finally {
    await c.end();
  }
}

/**
 * CPU time (user + system) the database's backends used while sampling, from /proc/<pid>/stat of
 * each backend pg_stat_activity lists for it: less sensitive to other work on the machine than the
 * wall clock. Sampled every 250 ms (a backend that ends between samples loses at most that much);
 * null where no backend's /proc entry could be read (Postgres on another host).
 */
export function sampleBackendCpu(url: string, database: string) {
  const seen = new Map<number, number>();
  // What the backends already open at the start had used before it.
  const before = new Map<number, number>();
  let first = true;
  const client = new pg.Client({ connectionString: url });
  let failed = false;
  const ready = client.connect();
  const sample = async () => {
    const { rows } = await client.query<{ pid: number }>(
      // Client backends only: autovacuum workers on the database would add their own, untimed work.
      "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend' AND pid <> pg_backend_pid()",
      [database],
    );
    for (const { pid } of rows) {
      const ticks = await cpuTicks(pid); // null: it ended since the query, or /proc is not its host's
      if (ticks !== null) {
        if (first) before.set(pid, ticks);
        seen.set(pid, Math.max(seen.get(pid) ?? 0, ticks));
      }
    }
    first = false;
  };
  const started = ready.then(sample);
  const timer = setInterval(() => void started.then(sample).catch(() => (failed = true)), 250);
  return {
    /** Seconds of CPU, or null when a backend's could not be read. */
    async stop(): Promise<number | null> {
      clearInterval(timer);
      await started.then(sample).catch(() => (failed = true));
      await client.end().catch(() => undefined);
      if (failed || seen.size === 0) return null;
      const used = [...seen].reduce((sum, [pid, ticks]) => sum + ticks - (before.get(pid) ?? 0), 0);
      return used / CLOCK_TICKS;
    },
  };
}

/** sysconf(_SC_CLK_TCK) on Linux. */
const CLOCK_TICKS = 100;

async function cpuTicks(pid: number): Promise<number | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8");
    // Fields after the command (which may hold spaces) start at ") "; utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

/**
 * CPU seconds used so far by the processes whose command name is `comm` (RabbitMQ's Erlang VM is
 * `beam.smp`), read from /proc; null when there is none on this host. Call twice and subtract.
 */
export async function processCpuSeconds(comm: string): Promise<number | null> {
  let total = 0;
  let found = false;
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const name = await readFile(`/proc/${entry}/comm`, "utf8").catch(() => "");
    if (name.trim() !== comm) continue;
    const ticks = await cpuTicks(Number(entry));
    if (ticks === null) continue;
    total += ticks;
    found = true;
  }
  return found ? total / CLOCK_TICKS : null;
}
