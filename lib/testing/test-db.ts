// A fresh migrated database per test file, cloned from the template built in global-setup.
// It also becomes the database of lib/db/client for this test process (one fork per file).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { shapeWorker } from "@/lib/catalog/shape-worker";
import { closeDatabase, setDatabaseUrl } from "@/lib/db/client";
import { databaseUrlFor } from "@/lib/testing/database-url";

export type TestDatabase = { url: string; name: string; drop: () => Promise<void> };

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = inject("serverUrl");
  // The owner's pid in the name: global setup drops only databases whose process is gone.
  const name = `es_t_${process.pid}_${randomBytes(5).toString("hex")}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name} TEMPLATE ${inject("templateDb")}`);
  const url = databaseUrlFor(serverUrl, name);
  setDatabaseUrl(url);
  return {
    url,
    name,
    drop: async () => {
      // Ingest hands new payload shapes to the catalog's background worker: record them now, or
      // the worker's transaction outlives the database (DROP … FORCE cuts it, and pg reports the
      // reset of a checked-out client as an uncaught error that fails the whole run).
      await shapeWorker().flush();
      await closeDatabase();
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** One statement on its own connection to the server (CREATE / DROP DATABASE). */
export async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
