// vitest global setup: finds a real Postgres (DATABASE_URL, else an embedded one under
// .data/test-pg) and builds a migrated template database once; each test file clones it
// (lib/testing/test-db.ts), so files run in parallel without seeing each other's rows.
import { createHash } from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres, type EmbeddedDb } from "@/lib/db/embedded";
import { migrate, readMigrations } from "@/lib/db/migrate";
import { databaseUrlFor } from "@/lib/testing/database-url";

declare module "vitest" {
  export interface ProvidedContext {
    serverUrl: string;
    templateDb: string;
  }
}

let embedded: EmbeddedDb | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    embedded = await startEmbeddedPostgres({ dir: ".data/test-pg", port: 54339 });
    serverUrl = embedded.url;
  }
  const migrations = await readMigrations();
  const digest = createHash("sha256")
    .update(migrations.map((m) => m.checksum).join())
    .digest("hex")
    .slice(0, 10);
  const templateDb = `es_tpl_${digest}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [templateDb]);
    if (!rowCount) {
      const building = `${templateDb}_build_${process.pid}`;
      await admin.query(`CREATE DATABASE ${building}`);
      await migrate(databaseUrlFor(serverUrl, building));
      // Renamed only once complete: a crashed run never leaves a half-migrated template.
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${templateDb}`).catch(async (err: unknown) => {
        await admin.query(`DROP DATABASE IF EXISTS ${building}`);
        if (!String(err).includes("already exists")) throw err;
      });
    }
    // Leftovers of test runs that were killed before their teardown. Not merely idle ones: another
    // run on the same server (a second worktree) has databases with no connection at some moments
    // (just created, or its pool idle), so only those whose owning process has exited go.
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'es_t\\_%' AND datname NOT IN (SELECT datname FROM pg_stat_activity WHERE datname IS NOT NULL)`,
    );
    for (const r of rows.filter((r) => !ownerAlive(r.datname)))
      await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(r.datname)}`);
  } finally {
    await admin.end();
  }
  project.provide("serverUrl", serverUrl);
  project.provide("templateDb", templateDb);
  return async () => {
    await embedded?.stop();
  };
}

/** True when the database's name carries a pid (es_t_<pid>_…) of a process still running here. */
function ownerAlive(datname: string): boolean {
  const pid = Number(/^es_t_(\d+)_/.exec(datname)?.[1]);
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
