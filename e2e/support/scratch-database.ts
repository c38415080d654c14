// A fresh, migrated database for one e2e run: on DATABASE_URL's server when set, else on an
// embedded Postgres under .data/e2e-pg (its own port, so it never meets the dev or test clusters).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedDb } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { databaseUrlFor } from "@/lib/testing/database-url";

export const E2E_PG_DIR = ".data/e2e-pg";
export const E2E_PG_PORT = 54349;

export type ScratchDatabase = { url: string; name: string; drop: () => Promise<void> };

async function admin(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createScratchDatabase(databaseUrl: string | undefined): Promise<ScratchDatabase> {
  let embedded: EmbeddedDb | undefined;
  let serverUrl = databaseUrl;
  if (!serverUrl) {
    embedded = await startEmbeddedPostgres({ dir: E2E_PG_DIR, port: E2E_PG_PORT });
    serverUrl = embedded.url;
  }
  const name = `es_e2e_${randomBytes(4).toString("hex")}`;
  await admin(serverUrl, `CREATE DATABASE ${name}`);
  const url = databaseUrlFor(serverUrl, name);
  await migrate(url);
  const adminUrl = serverUrl;
  return {
    url,
    name,
    drop: async () => {
      try {
        await admin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await embedded?.stop();
      }
    },
  };
}
