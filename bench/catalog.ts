// npm run bench:catalog [-- --events 200000 --types 500 --rounds 3 --batch 500 --senders 4 --keep]
// What the schema catalog costs ingest: the same kind of traffic (500 event types with a few
// payload shapes each — nested objects, arrays of objects, an optional and a nullable field, and a
// number → string change for every fifth type — a registered schema for every tenth) ingested
// in-process through the real path (ingestBody: parse, validation, redaction, shape hash, bulk
// write, after-commit work) with CATALOG=on and CATALOG=off, alternated over rounds on one scratch
// database, in two settings:
//   cold — each round has its own type names, so "on" discovers every shape afresh (1 800 new
//          shapes and their versions per round: the catalog's worst case);
//   warm — every round reuses types whose shapes the catalog has seen (primed once, untimed): the
//          steady state, where a known shape costs a lookup and only validation, links and
//          last-seen updates remain.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { adminQuery } from "./admin-query";
import { mulberry32 } from "./generate-events";
import { schemaFingerprint } from "@/lib/catalog/fingerprint";
import { registeredSchemas } from "@/lib/catalog/registered-schemas";
import { shapeWorker } from "@/lib/catalog/shape-worker";
import { closeDatabase, pool, setDatabaseUrl } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { resetEnvForTests } from "@/lib/env";
import { ingestBody } from "@/lib/ingest/ingest-batch";
import type { EventInput } from "@/lib/ingest/schemas";
import { databaseUrlFor } from "@/lib/testing/database-url";
import { measureListLatency } from "./catalog/list-latency";
import { openCliServer } from "@/server/cli/database";

const { values: args } = parseArgs({
  options: {
    events: { type: "string", default: "200000" },
    types: { type: "string", default: "500" },
    rounds: { type: "string", default: "3" },
    batch: { type: "string", default: "500" },
    senders: { type: "string", default: "4" },
    keep: { type: "boolean", default: false },
  },
});
const EVENTS = Number(args.events);
const TYPES = Number(args.types);
const ROUNDS = Number(args.rounds);
const BATCH = Number(args.batch);
const SENDERS = Number(args.senders);
const WARMUP_EVENTS = Math.min(20_000, Math.floor(EVENTS / 10));

const STATUSES = ["new", "paid", "shipped"];

/**
 * Event j of type k. Shapes: the base (60 %), with an optional nested `coupon` (20 %), with a null
 * `note` (20 %); every fifth type sends `amount` as a string in the second half of its events.
 */
function payloadOf(k: number, j: number, perType: number, rand: () => number): Record<string, unknown> {
  const changed = k % 5 === 0 && j >= perType / 2;
  const variant = j % 10;
  return {
    id: `t${k}-${j}`,
    occurredAt: new Date(Date.UTC(2026, 10, 1) + j * 1000).toISOString(),
    status: STATUSES[j % 3],
    amount: changed ? (Math.round(rand() * 10000) / 100).toFixed(2) : Math.round(rand() * 10000) / 100,
    customer: {
      id: `cus_${k}_${j % 97}`,
      email: `user${j % 500}@example.com`,
      address: { city: ["Lyon", "Oslo", "Austin"][j % 3], country: "FR" },
      password: "never-stored",
    },
    lines: Array.from({ length: 1 + (j % 4) }, (_, n) => ({ sku: `SKU-${n}`, qty: 1 + n, price: 9.5 + n })),
    [`field${k % 7}`]: { enabled: j % 2 === 0, level: k % 11 },
    ...(variant >= 6 && variant < 8 ? { coupon: { code: `C${j % 13}`, percent: 10 } } : {}),
    ...(variant >= 8 ? { note: null } : {}),
  };
}

/** A round's events as JSON batch bodies (generated before timing): types `${prefix}.TypeN`, ids `${idPrefix}-N`. */
function makeBatches(prefix: string, idPrefix: string, events: number, seed: number): string[] {
  const rand = mulberry32(seed);
  const perType = Math.ceil(events / TYPES);
  const start = Date.now() - 10 * 60_000;
  const all: EventInput[] = [];
  for (let i = 0; i < events; i++) {
    const k = i % TYPES;
    const j = Math.floor(i / TYPES);
    const published = start + Math.floor((i / events) * 10 * 60_000);
    all.push({
      id: `${idPrefix}-${i}`,
      broker: "bench-rabbit",
      channel: `channel-${k % 50}`,
      type: `${prefix}.Type${k}`,
      producer: `service-${k % 20}`,
      publishedAt: new Date(published).toISOString(),
      observedAt: new Date(published + 1 + Math.floor(rand() * 50)).toISOString(),
      headers: { "content-type": "application/json" },
      payload: payloadOf(k, j, perType, rand),
    });
  }
  const out: string[] = [];
  for (let from = 0; from < all.length; from += BATCH)
    out.push(JSON.stringify({ events: all.slice(from, from + BATCH) }));
  return out;
}

/** Registers a schema for every tenth type of the round (what a team would do), untimed. */
async function registerSchemas(prefix: string): Promise<void> {
  const schema = {
    type: "object",
    required: ["id", "amount", "customer"],
    properties: { id: { type: "string" }, amount: { type: "number" }, customer: { type: "object" } },
  };
  const names = Array.from({ length: Math.ceil(TYPES / 10) }, (_, n) => `${prefix}.Type${n * 10}`);
  await pool().query(
    `WITH t AS (INSERT INTO event_types (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING RETURNING id)
     INSERT INTO schema_versions (event_type_id, version, definition, fingerprint, source)
     SELECT id, 1, $2::jsonb, $3, 'registered' FROM t`,
    [names, JSON.stringify(schema), schemaFingerprint(schema)],
  );
  await registeredSchemas().refresh(); // what the cache's poll does within seconds
}

function setCatalog(mode: "on" | "off"): void {
  // The benchmark switches the catalog between rounds in one process; the env module caches.
  process.env.CATALOG = mode;
  resetEnvForTests();
}

async function ingestAll(batches: string[]): Promise<number> {
  let next = 0;
  let accepted = 0;
  await Promise.all(
    Array.from({ length: SENDERS }, async () => {
      while (next < batches.length) {
        // Awaited before adding: `accepted += await …` would read `accepted` before the wait.
        const result = await ingestBody(batches[next++]!);
        accepted += result.accepted;
      }
    }),
  );
  return accepted;
}

type Round = {
  mode: "on" | "off";
  events: number;
  seconds: number;
  drainSeconds: number;
  cpuSeconds: number;
};

type Setting = "cold" | "warm";

async function round(
  mode: "on" | "off",
  prefix: string,
  idPrefix: string,
  events: number,
  seed: number,
): Promise<Round> {
  await pool().query("TRUNCATE messages, rollup_minute"); // same table sizes for every round
  await registerSchemas(prefix);
  const batches = makeBatches(prefix, idPrefix, events, seed);
  setCatalog(mode);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const accepted = await ingestAll(batches);
  const ingested = performance.now();
  // Shapes still in their settle window are recorded at once: the catalog's work is all inside.
  if (mode === "on") await shapeWorker().flush();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  if (accepted !== events) throw new Error(`stored ${accepted} of ${events} events`);
  const drainSeconds = (performance.now() - ingested) / 1000;
  return { mode, events, seconds, drainSeconds, cpuSeconds: (used.user + used.system) / 1e6 };
}

/** Alternated rounds of one setting, the order flipped every round so drift hits both modes. */
async function rounds(setting: Setting): Promise<Round[]> {
  const out: Round[] = [];
  if (setting === "warm") await round("on", "steady", "prime", EVENTS, 99); // the catalog learns every shape
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 === 0 ? (["off", "on"] as const) : (["on", "off"] as const);
    for (const mode of order) {
      const prefix = setting === "warm" ? "steady" : `r${r}${mode}`;
      const res = await round(mode, prefix, `${setting}${r}${mode}`, EVENTS, 100 + r);
      out.push(res);
      const drain =
        mode === "on" ? ` (worker drain at the end ${res.drainSeconds.toFixed(2)} s, included)` : "";
      console.log(
        `${setting} round ${r + 1} catalog ${mode.padEnd(3)}: ${res.events} events in ${res.seconds.toFixed(2)} s = ` +
          `${Math.round(res.events / res.seconds)} events/s, app CPU ${res.cpuSeconds.toFixed(1)} s${drain}`,
      );
    }
  }
  return out;
}

function report(setting: Setting, all: Round[]): void {
  const rate = (mode: "on" | "off") =>
    median(all.filter((r) => r.mode === mode).map((r) => r.events / r.seconds));
  const cpu = (mode: "on" | "off") => median(all.filter((r) => r.mode === mode).map((r) => r.cpuSeconds));
  const off = rate("off");
  const on = rate("on");
  console.log(
    `${setting}: median off ${Math.round(off)} events/s, on ${Math.round(on)} events/s (worker drained inside the timing); ` +
      `ratio on/off ${(on / off).toFixed(3)}, catalog cost ${((1 - on / off) * 100).toFixed(1)} % (target ≤ 10 %); ` +
      `app CPU per round off ${cpu("off").toFixed(1)} s, on ${cpu("on").toFixed(1)} s (this process; Postgres not included)`,
  );
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function catalogCounts(): Promise<string> {
  const { rows } = await pool().query<Record<string, number>>(
    `SELECT (SELECT count(*)::int FROM event_type_shapes) AS shapes,
       (SELECT count(*)::int FROM schema_versions WHERE source = 'inferred') AS versions,
       (SELECT count(*)::int FROM schema_versions WHERE source = 'inferred' AND compatibility->>'compatible' = 'false') AS breaking,
       (SELECT coalesce(sum(count), 0)::int FROM schema_violations) AS violations,
       (SELECT count(*)::int FROM event_type_links) AS links`,
  );
  const c = rows[0]!;
  return `shapes ${c.shapes}, inferred versions ${c.versions} (${c.breaking} breaking), violations ${c.violations}, links ${c.links}, shapes dropped ${shapeWorker().stats.dropped}`;
}

async function main(): Promise<void> {
  const server = await openCliServer();
  const dbName = `es_bench_${randomBytes(4).toString("hex")}`;
  const url = databaseUrlFor(server.url, dbName);
  console.log(
    `database: ${dbName} on ${new URL(server.url).host} (${server.source}); ${EVENTS} events over ${TYPES} types per round, ` +
      `${ROUNDS} rounds per mode, batches of ${BATCH}, ${SENDERS} concurrent senders, in-process ingestBody`,
  );
  await adminQuery(server.url, `CREATE DATABASE ${dbName}`);
  try {
    await migrate(url);
    setDatabaseUrl(url);
    // Warm-up (JIT, prepared statements, partitions), both modes, not reported.
    for (const mode of ["off", "on"] as const)
      await round(mode, `warm${mode}`, `warm${mode}`, WARMUP_EVENTS, 1);
    const cold = await rounds("cold");
    const warm = await rounds("warm");
    console.log(`catalog tables: ${await catalogCounts()}`);
    report("cold", cold);
    report("warm", warm);
  } finally {
    await closeDatabase();
    if (!args.keep) await adminQuery(server.url, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    else console.log(`kept database ${dbName}`);
    await server.close();
  }
  await measureListLatency(); // its own scratch database
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
