// Applies prisma/migrations/*/migration.sql in order, keeping Prisma's own `_prisma_migrations`
// bookkeeping (same table, same SHA-256 checksums, same advisory lock key), so `prisma migrate
// deploy`/`status` agree with it where Prisma's schema engine is available.
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";

/** Prisma Migrate's advisory lock key: the two tools never run at once on one database. */
const PRISMA_LOCK_KEY = 72707369;

export const MIGRATIONS_DIR = path.resolve(process.cwd(), "prisma/migrations");

export type Migration = { name: string; sql: string; checksum: string };
export type MigrateResult = { applied: string[]; alreadyApplied: number };

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

type Row = {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
};

/**
 * Brings the database at `url` up to date. Refuses (throws, applies nothing) when an applied
 * migration's file changed or a previous attempt failed half-way; both need a human.
 */
export async function migrate(url: string, dir = MIGRATIONS_DIR): Promise<MigrateResult> {
  const migrations = await readMigrations(dir);
  const client = new pg.Client({ connectionString: url, application_name: "eventscope-migrate" });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_LOCK_KEY]);
    await client.query(BOOKKEEPING);
    const { rows } = await client.query<Row>(
      `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
    );
    const done = new Map(rows.map((r) => [r.migration_name, r]));
    for (const m of migrations) {
      const row = done.get(m.name);
      if (row && !row.finished_at) {
        throw new Error(
          `migration ${m.name} failed earlier and was not resolved; fix the database, then mark it rolled back`,
        );
      }
      if (row && row.checksum !== m.checksum) {
        throw new Error(
          `migration ${m.name} was modified after it was applied (checksum ${row.checksum.slice(0, 12)}… ≠ ${m.checksum.slice(0, 12)}…)`,
        );
      }
    }
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.name)) continue;
      await applyOne(client, m);
      applied.push(m.name);
    }
    return { applied, alreadyApplied: migrations.length - applied.length };
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

async function applyOne(client: pg.Client, m: Migration): Promise<void> {
  const id = randomUUID();
  await client.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ($1, $2, $3)`, [
    id,
    m.checksum,
    m.name,
  ]);
  // CREATE INDEX CONCURRENTLY cannot run in a transaction; such migrations hold one statement.
  const transactional = !/\bCONCURRENTLY\b/i.test(m.sql);
  try {
    if (transactional) await client.query("BEGIN");
    await client.query(m.sql);
    await client.query(
      `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
      [id],
    );
    if (transactional) await client.query("COMMIT");
  } catch (err) {
    if (transactional) await client.query("ROLLBACK");
    const message = err instanceof Error ? err.message : String(err);
    if (transactional) {
      // Nothing of it stayed: forget the attempt so a fixed file can be applied later.
      await client.query(`DELETE FROM "_prisma_migrations" WHERE id = $1`, [id]);
    } else {
      await client.query(`UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1`, [id, message]);
    }
    throw new Error(`migration ${m.name} failed: ${message}`);
  }
}
