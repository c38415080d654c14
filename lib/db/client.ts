// The one database module: a shared pg Pool (hot paths use raw SQL on it) and the Prisma client
// over the same pool through @prisma/adapter-pg. Kept on globalThis because the custom server
// (tsx) and Next's bundled route handlers load this file as two module instances in one process.
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/db/generated/client";
import { env } from "@/lib/env";

type Db = { url: string; pool: pg.Pool; prisma: PrismaClient };
const g = globalThis as typeof globalThis & { __eventscopeDb?: Db; __eventscopeDbUrl?: string };

// int8 (count(*), bigint sums) as JS numbers: every count here stays far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/** Called once at boot when the URL is only known at run time (embedded Postgres). */
export function setDatabaseUrl(url: string): void {
  if (g.__eventscopeDb && g.__eventscopeDb.url !== url)
    throw new Error("database already connected to another URL");
  g.__eventscopeDbUrl = url;
}

export function databaseUrl(): string {
  const url = g.__eventscopeDbUrl ?? env().DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set and no embedded database was started");
  return url;
}

function connect(): Db {
  const url = databaseUrl();
  const pool = new pg.Pool({
    connectionString: url,
    max: env().DATABASE_POOL_SIZE,
    application_name: "eventscope",
    // JIT compiles a query's expressions when its estimated cost is high. The dashboard's rollup
    // queries are estimated high (their windows are parameters) but run in milliseconds; JIT added
    // ~450 ms to each 24 h flow graph on 10 M events (bench:queries). Nothing here is long enough to win from it.
    options: "-c jit=off",
  });
  // An idle client's error (server restart, network) must not crash the process; the pool replaces it.
  pool.on("error", (err) =>
    console.error(JSON.stringify({ level: "error", msg: "idle pg client error", err: err.message })),
  );
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return { url, pool, prisma };
}

function db(): Db {
  return (g.__eventscopeDb ??= connect());
}

export function pool(): pg.Pool {
  return db().pool;
}

export function prisma(): PrismaClient {
  return db().prisma;
}

/** Runs fn in one transaction on one pooled client (the one transaction helper for raw SQL). */
export async function withTransaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/**
 * One statement that finds its rows by primary key (`id = ANY($n)`) in a table whose statistics may
 * lag far behind its contents — reprocess_items in a bulk reprocess, thousands of rows written a
 * second. With statistics taken when the table held a few hundred rows the planner took a sequential
 * scan for the cheaper path and tested every row against the batch's ids (~10 000 rows × 256 ids a
 * statement, bench:reprocess); here it may not, so it can only use the primary key.
 */
export async function queryByPrimaryKey<R extends pg.QueryResultRow>(
  text: string,
  values: unknown[],
): Promise<pg.QueryResult<R>> {
  return withTransaction(async (client) => {
    await client.query("SET LOCAL enable_seqscan = off");
    return client.query<R>(text, values);
  });
}

/** Closes the pool (graceful shutdown, end of tests). */
export async function closeDatabase(): Promise<void> {
  const current = g.__eventscopeDb;
  g.__eventscopeDb = undefined;
  if (!current) return;
  await current.prisma.$disconnect().catch(() => undefined);
  await current.pool.end();
}
