// For tests of one migration on a database that lived before it: an empty database migrated to the
// step before `migration` (it becomes lib/db/client's database), to be filled the old way, then
// migrated across that one step alone.
import { randomBytes } from "node:crypto";
import { cp, mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { closeDatabase, setDatabaseUrl } from "@/lib/db/client";
import { migrate, MIGRATIONS_DIR } from "@/lib/db/migrate";
import { databaseUrlFor } from "@/lib/testing/database-url";
import { adminQuery } from "@/lib/testing/test-db";

export type DatabaseBefore = {
  url: string;
  /** Applies `migration` (nothing after it) and returns what was applied. */
  migrateAcross: () => Promise<string[]>;
  drop: () => Promise<void>;
};

export async function databaseBefore(migration: string): Promise<DatabaseBefore> {
  const serverUrl = inject("serverUrl");
  const name = `es_t_${process.pid}_${randomBytes(5).toString("hex")}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  const url = databaseUrlFor(serverUrl, name);
  await migrate(url, await migrationsUpTo(migration, false));
  setDatabaseUrl(url);
  return {
    url,
    migrateAcross: async () => {
      await closeDatabase();
      const { applied } = await migrate(url, await migrationsUpTo(migration, true));
      setDatabaseUrl(url);
      return applied;
    },
    drop: async () => {
      await closeDatabase();
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** The project's migrations before `migration` (and it too, when `through`), in a scratch directory. */
async function migrationsUpTo(migration: string, through: boolean): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "es-mig-"));
  for (const m of await readdir(MIGRATIONS_DIR, { withFileTypes: true }))
    if (m.isDirectory() && (m.name < migration || (through && m.name === migration)))
      await cp(path.join(MIGRATIONS_DIR, m.name), path.join(dir, m.name), { recursive: true });
  return dir;
}
