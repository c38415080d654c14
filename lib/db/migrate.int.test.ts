import { mkdtemp, mkdir, writeFile, appendFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, readMigrations } from "@/lib/db/migrate";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

async function scratchDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "es-mig-"));
  for (const [name, sql] of Object.entries(files)) {
    await mkdir(path.join(dir, name));
    await writeFile(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

describe("migrate", () => {
  it("records the project's migrations with Prisma's checksums and is idempotent", async () => {
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    const files = await readMigrations();
    expect(rows.map((r) => [r.migration_name, r.checksum])).toEqual(files.map((f) => [f.name, f.checksum]));
    expect(rows.every((r) => r.finished_at)).toBe(true);
    expect(await migrate(db.url)).toEqual({ applied: [], alreadyApplied: files.length });
  });

  it("applies new migrations in name order and refuses one whose file changed", async () => {
    const dir = await scratchDir({
      "001_a": "CREATE TABLE mig_a (id int);",
      "002_b": "CREATE TABLE mig_b (id int);",
    });
    expect((await migrate(db.url, dir)).applied).toEqual(["001_a", "002_b"]);
    await appendFile(path.join(dir, "001_a", "migration.sql"), "\n-- edited");
    await mkdir(path.join(dir, "003_c"));
    await writeFile(path.join(dir, "003_c", "migration.sql"), "CREATE TABLE mig_c (id int);");
    await expect(migrate(db.url, dir)).rejects.toThrow(/001_a was modified after it was applied/);
    // Nothing after the refusal was applied.
    expect(await query(`SELECT to_regclass('mig_c') AS t`)).toEqual([{ t: null }]);
  });

  it("rolls back a failing migration completely so a fixed file can be applied", async () => {
    const dir = await scratchDir({ "001_bad": "CREATE TABLE mig_x (id int); SELECT no_such_function();" });
    await expect(migrate(db.url, dir)).rejects.toThrow(/001_bad failed/);
    expect(await query(`SELECT to_regclass('mig_x') AS t`)).toEqual([{ t: null }]);
    await writeFile(path.join(dir, "001_bad", "migration.sql"), "CREATE TABLE mig_x (id int);");
    expect((await migrate(db.url, dir)).applied).toEqual(["001_bad"]);
  });

  it("creates daily message partitions, UTC-aligned", async () => {
    const { ensureMessagePartitions } = await import("@/lib/db/partitions");
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      await c.query("SET TIME ZONE 'America/New_York'");
      const created = await ensureMessagePartitions(c, new Date("2030-06-15T12:00:00Z"));
      expect(created).toBe(6);
      expect(await ensureMessagePartitions(c, new Date("2030-06-15T12:00:00Z"))).toBe(0);
      await c.query("SET TIME ZONE 'UTC'");
      const { rows } = await c.query<{ bound: string }>(
        `SELECT pg_get_expr(relpartbound, oid) AS bound FROM pg_class WHERE relname = 'messages_20300615'`,
      );
      expect(rows[0]?.bound).toContain("2030-06-15 00:00:00+00");
    } finally {
      await c.end();
    }
  });
});
