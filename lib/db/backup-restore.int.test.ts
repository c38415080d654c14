// docs/deployment.md's "Backup and restore", run as written: its pg_dump and pg_restore commands
// (read from the doc's shell block, so the doc cannot drift from what is tested) dump a migrated
// database holding the demo shop's traffic, and restore into fresh databases. The full dump
// brings back every row; the one without raw data keeps the raw tables' structure (partitions
// too) but none of their rows, and everything else; both count as fully migrated, and the restored
// database takes new ingest. Needs pg_dump and pg_restore at least as new as the server.
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ShopModel } from "@/collectors/demo/shop-model";
import { closeDatabase, setDatabaseUrl } from "@/lib/db/client";
import { migrate, readMigrations } from "@/lib/db/migrate";
import { ingestBody } from "@/lib/ingest/ingest-batch";
import { databaseUrlFor } from "@/lib/testing/database-url";
import { makeUser } from "@/lib/testing/http-client";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

const DOC = "docs/deployment.md";
/** What "without raw data" leaves out: the partitioned messages and the other raw tables. */
const RAW_TABLE = /^(messages(_.*)?|deliveries|spans|traces)$/;

/** The major version of a client tool, or why it cannot be used. */
function toolMajor(tool: string): number | string {
  const r = spawnSync(tool, ["--version"], { encoding: "utf8" });
  if (r.error) return `${tool} is not on PATH (Debian: apt-get install postgresql-client)`;
  const m = /(\d+)(?:\.\d+)?/.exec(r.stdout);
  return m ? Number(m[1]) : `${tool} --version said ${JSON.stringify(r.stdout)}`;
}

async function serverMajor(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    // (SHOW names its column after the setting, hence the alias.)
    const { rows } = await c.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
    const major = Math.floor(Number(rows[0]?.v) / 10_000);
    if (!Number.isFinite(major)) throw new Error(`server_version_num is ${JSON.stringify(rows[0]?.v)}`);
    return major;
  } finally {
    await c.end();
  }
}

async function whyNot(): Promise<string | undefined> {
  const server = await serverMajor(inject("serverUrl"));
  for (const tool of ["pg_dump", "pg_restore"]) {
    const major = toolMajor(tool);
    if (typeof major === "string") return major;
    if (major < server) return `${tool} ${major} cannot dump or restore this PostgreSQL ${server} server`;
  }
  return undefined;
}
const skipReason = await whyNot();
if (skipReason) console.warn(`skipping ${DOC}'s backup and restore test: ${skipReason}`);

/** The shell block of the doc's "Backup and restore" section, as commands (continuations joined). */
async function documentedCommands(): Promise<string[]> {
  const doc = await readFile(DOC, "utf8");
  const section = doc.split(/^## /m).find((s) => s.startsWith("Backup and restore"));
  const block = /```sh\n([\s\S]*?)```/.exec(section ?? "")?.[1];
  if (!block) throw new Error(`no sh block under "## Backup and restore" in ${DOC}`);
  return block
    .replace(/\\\n\s*/g, "")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
}

/** Runs a documented command in `dir` with DATABASE_URL set, as an operator's shell would. */
function run(command: string, dir: string, databaseUrl: string): void {
  execFileSync("sh", ["-c", command], {
    cwd: dir,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

/** Rows per table (partitions on their own; partitioned parents hold none) of the app's schema. */
async function rowCounts(url: string): Promise<Map<string, number>> {
  const tables = await query<{ name: string }>(
    url,
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'r' ORDER BY 1`,
  );
  const counts = await query<{ name: string; n: string }>(
    url,
    tables.map((t) => `SELECT '${t.name}' AS name, count(*) AS n FROM "${t.name}"`).join(" UNION ALL "),
  );
  return new Map(counts.map((r) => [r.name, Number(r.n)]));
}

describe.skipIf(skipReason !== undefined)(`${DOC}: backup and restore as documented`, () => {
  let source: TestDatabase;
  let dir: string;
  let before: Map<string, number>;
  const commands = { dumps: [] as string[], restore: "" };
  const restored: string[] = [];

  /** A fresh database as `createdb` makes it, restored from `dump` with the documented command. */
  async function restoreInto(dump: string): Promise<string> {
    const name = `es_t_${process.pid}_restore_${randomBytes(4).toString("hex")}`;
    await query(inject("serverUrl"), `CREATE DATABASE ${name}`);
    restored.push(name);
    const url = databaseUrlFor(inject("serverUrl"), name);
    // The doc restores a dated example file: this run's dump stands in for it.
    run(commands.restore.replace(/\S+\.dump\b/, dump), dir, url);
    return url;
  }

  beforeAll(async () => {
    const all = await documentedCommands();
    commands.dumps = all.filter((c) => c.startsWith("pg_dump "));
    commands.restore = all.find((c) => c.startsWith("pg_restore ")) ?? "";
    expect(commands.dumps, "the doc's two pg_dump commands").toHaveLength(2);
    expect(commands.restore, "the doc's pg_restore command").not.toBe("");

    source = await createTestDatabase();
    await makeUser("admin");
    const model = new ShopModel({ seed: "backup", failureRate: 0.05 });
    const end = Date.now() - 5_000;
    for (let t = end - 3 * 60_000; t <= end; t += 10_000)
      await ingestBody(JSON.stringify(model.produce(t, 20)));
    before = await rowCounts(source.url);
    dir = await mkdtemp(path.join(tmpdir(), "es-backup-"));
    for (const c of commands.dumps) run(c, dir, source.url);
  }, 120_000);

  afterAll(async () => {
    await closeDatabase();
    await source?.drop();
    for (const name of restored)
      await query(inject("serverUrl"), `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const dumpFile = async (config: boolean) => {
    const files = (await readdir(dir)).filter((f) => f.endsWith(".dump"));
    const file = files.find((f) => f.startsWith("eventscope-config-") === config);
    if (!file) throw new Error(`no ${config ? "config " : ""}dump among ${files.join(", ")}`);
    return file;
  };

  it("has data worth restoring: raw rows, rollups, catalog, dead letters, a user", () => {
    const messages = [...before]
      .filter(([t]) => t.startsWith("messages_"))
      .reduce((sum, [, n]) => sum + n, 0);
    expect(messages).toBeGreaterThan(0);
    for (const t of ["deliveries", "traces", "rollup_minute", "event_types", "dead_letters", "users"])
      expect(before.get(t), t).toBeGreaterThan(0);
  });

  it("restores the full dump with every row of every table, migrated, and takes new ingest", async () => {
    const url = await restoreInto(await dumpFile(false));
    expect(await rowCounts(url)).toEqual(before);
    expect(await migrate(url)).toEqual({ applied: [], alreadyApplied: (await readMigrations()).length });

    await closeDatabase();
    setDatabaseUrl(url);
    const more = new ShopModel({ seed: "after-restore" }).produce(Date.now() - 1_000, 10);
    await expect(ingestBody(JSON.stringify(more))).resolves.toMatchObject({ accepted: more.events.length });
  });

  it("restores the dump without raw data: raw tables empty but present, everything else whole", async () => {
    const url = await restoreInto(await dumpFile(true));
    const after = await rowCounts(url);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [table, n] of before) expect(after.get(table), table).toBe(RAW_TABLE.test(table) ? 0 : n);
    expect(await migrate(url)).toEqual({ applied: [], alreadyApplied: (await readMigrations()).length });
  });
});
