// npm run bench:queries [-- --events 10000000 --days 7 --requests 50 --naive-runs 3 --keep | --reuse <db>]
// What the dashboard's queries cost on a big history: ≥ 10 million stored events over 7 days
// (bench/queries/generate-history.ts, written in bulk), then the real app (production build) on
// that database answers the Flows, Latency and Traces APIs over HTTP — median and p95 of
// `--requests` requests each — beside the same question answered naively from the raw rows
// (messages ⋈ deliveries, percentile_cont) in the same run. The ratio is the point: the machine is
// shared and noisy. Target: every dashboard query ≤ 150 ms p95.
//
// Generating 10 M events takes several minutes; `--keep` leaves the database and prints its
// name, `--reuse <name>` measures an existing one again.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { adminQuery } from "./admin-query";
import { createDimensions, typeSpecs, writeHistory, writeTraces } from "./queries/generate-history";
import { NAIVE, type NaiveContext, type NaiveQuery } from "./queries/naive";
import { createApiToken } from "@/lib/auth/api-tokens";
import { closeDatabase, pool, setDatabaseUrl } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { compactHours } from "@/lib/rollups/compact-hours";
import { COMPACTION_MARGIN_MS } from "@/lib/rollups/hour-compaction-rules";
import { startAppServer, type AppServer } from "@/lib/testing/app-server";
import { databaseUrlFor } from "@/lib/testing/database-url";
import { openCliServer } from "@/server/cli/database";

const { values: args } = parseArgs({
  options: {
    events: { type: "string", default: "10000000" },
    days: { type: "string", default: "7" },
    requests: { type: "string", default: "50" },
    "naive-runs": { type: "string", default: "3" },
    keep: { type: "boolean", default: false },
    reuse: { type: "string" },
  },
});
const EVENTS = Number(args.events);
const DAYS = Number(args.days);
const REQUESTS = Number(args.requests);
const NAIVE_RUNS = Number(args["naive-runs"]);
const SERVER_LOG = path.resolve(".data/bench/queries-server.log");
const ADMIN = { email: "bench@example.com", password: "bench-password-123456" };
const DAY_MS = 86_400_000;

const secs = (ms: number) => (ms / 1000).toFixed(1);

async function generate(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const endMs = Date.now();
    const from = new Date(endMs - DAYS * DAY_MS).toISOString().slice(0, 10);
    const to = new Date(endMs + DAY_MS).toISOString().slice(0, 10);
    await c.query(`SELECT es_ensure_message_partitions($1::date, $2::date)`, [from, to]);
    const specs = typeSpecs();
    const ids = await createDimensions(c, specs);
    const t0 = performance.now();
    const h = await writeHistory(c, ids, specs, {
      events: EVENTS,
      days: DAYS,
      endMs,
      progress: (line) => console.log(line),
    });
    const t1 = performance.now();
    const traces = await writeTraces(c);
    await c.query("ANALYZE");
    console.log(
      `generated ${h.events} events and ${h.deliveries} deliveries over ${DAYS} days in ${secs(t1 - t0)} s, ${traces} traces in ${secs(performance.now() - t1)} s`,
    );
  } finally {
    await c.end();
  }
}

/**
 * Runs the hourly compaction until it has caught up (a day per run), as the server's job would:
 * rollup_hour and the latency rollups (whose own watermark may start further back on a
 * database kept from before them).
 */
async function compactAll(): Promise<void> {
  const started = performance.now();
  let hours = 0;
  for (;;) {
    const r = await compactHours();
    if (!("hours" in r)) throw new Error("the compaction lock is held elsewhere");
    hours += r.hours;
    const caughtUp = Date.now() - COMPACTION_MARGIN_MS - 60_000;
    if (r.through.getTime() >= caughtUp && r.latencyThrough.getTime() >= caughtUp) break;
  }
  console.log(
    `compacted ${hours} hours into rollup_hour and the latency rollups in ${secs(performance.now() - started)} s`,
  );
}

type Stats = { median: number; p95: number; n: number };

function stats(ms: number[]): Stats {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  return { median: at(0.5), p95: at(0.95), n: s.length };
}

async function get(baseURL: string, token: string, path: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(`${baseURL}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const body = await res.text();
  if (!res.ok) throw new Error(`GET ${path} → ${res.status}: ${body.slice(0, 300)}`);
  return performance.now() - started;
}

/**
 * The first request of a window is timed apart (cold: nothing of it kept in process, its rows not
 * yet in Postgres' buffers). Before it, one untimed request of the same route over another window
 * compiles the route. The flow graph and the latency series keep closed time (chunks before the
 * compaction's watermarks) in process (lib/rollups/closed-cache.ts): the cold request reads them,
 * the others read only what closed since and the minutes after the watermark.
 */
async function timeApi(baseURL: string, token: string, q: NaiveQuery, ctx: NaiveContext) {
  await get(baseURL, token, q.warmup(ctx));
  const cold = await get(baseURL, token, q.api(ctx));
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) times.push(await get(baseURL, token, q.api(ctx)));
  return { cold, ...stats(times) };
}

async function timeNaive(q: NaiveQuery, ctx: NaiveContext): Promise<Stats> {
  const times: number[] = [];
  for (let i = 0; i < NAIVE_RUNS; i++) {
    const started = performance.now();
    await pool().query(q.sql, q.params(ctx));
    times.push(performance.now() - started);
  }
  return stats(times);
}

async function main(): Promise<void> {
  const server = await openCliServer();
  const dbName = args.reuse ?? `es_bench_q_${randomBytes(4).toString("hex")}`;
  const url = databaseUrlFor(server.url, dbName);
  console.log(`database: ${dbName} on ${new URL(server.url).host} (${server.source})`);
  let app: AppServer | undefined;
  try {
    if (!args.reuse) {
      await adminQuery(server.url, `CREATE DATABASE ${dbName}`);
      await migrate(url);
      await generate(url);
    }
    await migrate(url); // a reused database may predate the latest migrations
    setDatabaseUrl(url);
    await compactAll();
    const { rows } = await pool().query<{
      events: string;
      deliveries: string;
      rollups: string;
      latency: string;
    }>(
      `SELECT (SELECT count(*) FROM messages) AS events, (SELECT count(*) FROM deliveries) AS deliveries,
              (SELECT count(*) FROM rollup_minute) AS rollups, (SELECT count(*) FROM latency_minute) AS latency`,
    );
    const r = rows[0]!;
    console.log(
      `stored: ${r.events} events, ${r.deliveries} deliveries, ${r.rollups} rollup_minute rows, ${r.latency} latency_minute rows`,
    );
    app = await startAppServer(
      {
        DATABASE_URL: url,
        DEMO: "off",
        LOG_LEVEL: "warn",
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
      },
      SERVER_LOG,
    );
    const { rows: users } = await pool().query<{ id: string }>(`SELECT id FROM users WHERE email = $1`, [
      ADMIN.email,
    ]);
    const { token } = await createApiToken(
      { userId: users[0]!.id, role: "admin" },
      { name: `bench ${dbName}`, scopes: ["events:read"], expiresInDays: 1 },
      { actor: { type: "user", id: users[0]!.id, label: ADMIN.email }, ip: null },
    );
    // The busiest type: the one a user looks at first, and the naive queries' worst case.
    const { rows: busiest } = await pool().query<{ id: number; name: string }>(
      `SELECT id, name FROM event_types WHERE name = 'Bench.Event0'`,
    );
    const ctx = { typeId: busiest[0]!.id, typeName: busiest[0]!.name };

    console.log(
      `\n${"query".padEnd(42)} ${"API cold".padStart(9)} ${"API median".padStart(10)} ${"API p95".padStart(9)}   ${"naive median".padStart(12)} ${"naive p95".padStart(10)}   naive/API (median)`,
    );
    const ms = (v: number, width: number) => `${v.toFixed(1)} ms`.padStart(width);
    for (const q of NAIVE) {
      const api = await timeApi(app.baseURL, token, q, ctx);
      const naive = await timeNaive(q, ctx);
      console.log(
        `${q.name.padEnd(42)} ${ms(api.cold, 9)} ${ms(api.median, 10)} ${ms(api.p95, 9)}   ${`${naive.median.toFixed(0)} ms`.padStart(12)} ${`${naive.p95.toFixed(0)} ms`.padStart(10)}   ${(naive.median / api.median).toFixed(0)}×${api.p95 > 150 ? "   (over the 150 ms p95 target)" : ""}`,
      );
    }
    console.log(
      `\nAPI: the first request of each window (cold: nothing cached), then ${REQUESTS} sequential requests over HTTP; naive: ${NAIVE_RUNS} runs of the SQL in-process.`,
    );
  } finally {
    await app?.stop();
    await closeDatabase();
    if (args.keep || args.reuse) console.log(`kept database ${dbName}`);
    else await adminQuery(server.url, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await server.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
