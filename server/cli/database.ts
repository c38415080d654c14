// The database a CLI command works on: DATABASE_URL when set; else the embedded cluster — the
// running app's when it is up (found by connecting first: starting a second postmaster on the same
// data directory would fail), else one started for the command and stopped after it.
import pg from "pg";
import { closeDatabase, setDatabaseUrl } from "@/lib/db/client";
import { embeddedDatabaseUrl, startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { env } from "@/lib/env";

export type CliDatabase = {
  url: string;
  source: "DATABASE_URL" | "embedded (running)" | "embedded (started)";
  close: () => Promise<void>;
};

/** true when something answers on the port, false when nothing listens; other errors are thrown. */
async function embeddedIsRunning(port: number): Promise<boolean> {
  const client = new pg.Client({
    connectionString: embeddedDatabaseUrl(port, "postgres"),
    connectionTimeoutMillis: 2000,
  });
  try {
    await client.connect();
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = 'eventscope'");
    if (!rowCount) await client.query("CREATE DATABASE eventscope");
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === "ECONNREFUSED") return false;
    throw new Error(
      `something answers on the embedded Postgres port ${port} but refused Eventscope: ${(err as Error).message}`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The Postgres a CLI uses, not yet made the app's database (the benchmark makes a scratch one). */
export async function openCliServer(): Promise<CliDatabase> {
  const e = env();
  if (e.DATABASE_URL) return { url: e.DATABASE_URL, source: "DATABASE_URL", close: async () => undefined };
  if (await embeddedIsRunning(e.EMBEDDED_PG_PORT)) {
    return {
      url: embeddedDatabaseUrl(e.EMBEDDED_PG_PORT),
      source: "embedded (running)",
      close: async () => undefined,
    };
  }
  const embedded = await startEmbeddedPostgres({ dir: e.EMBEDDED_PG_DIR, port: e.EMBEDDED_PG_PORT });
  return { url: embedded.url, source: "embedded (started)", close: embedded.stop };
}

/** Opens (and by default migrates) the app's database; `close()` releases the pool and any cluster it started. */
export async function openCliDatabase(opts: { migrate?: boolean } = {}): Promise<CliDatabase> {
  const server = await openCliServer();
  const db: CliDatabase = {
    ...server,
    close: async () => {
      await closeDatabase();
      await server.close();
    },
  };
  setDatabaseUrl(db.url);
  if (opts.migrate !== false) {
    try {
      await migrate(db.url);
    } catch (err) {
      await db.close();
      throw err;
    }
  }
  return db;
}

/** Runs a CLI main: prints an error's message (not a stack) and sets the exit code. */
export function runCli(main: () => Promise<void>): void {
  main().then(
    () => {
      process.exitCode ??= 0;
    },
    (err: unknown) => {
      console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
    },
  );
}
