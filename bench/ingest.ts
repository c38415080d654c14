// npm run bench:ingest [-- --events N --batch 500 --senders 4 --keep]
// Ingest throughput through the real app (the custom server, built with `next build`, started as
// its own process on a scratch database, demo off) against COPY of the very same rows into a
// table with the same indexes, in the same run. Prints both rates and their ratio. A 429 is waited
// out (Retry-After, jittered) and the batch sent again, as a collector does; the count is printed.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import pg from "pg";
import { adminQuery } from "./admin-query";
import { IngestClient } from "./ingest-client";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { createCollectorToken } from "@/lib/auth/collector-tokens";
import { closeDatabase, pool, setDatabaseUrl } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { startAppServer, type AppServer } from "@/lib/testing/app-server";
import { databaseUrlFor } from "@/lib/testing/database-url";
import { generateEvents } from "@/bench/generate-events";
import { openCliServer } from "@/server/cli/database";

const gzipAsync = promisify(gzip);
const SERVER_LOG = path.resolve(".data/bench/server.log");

const { values: args } = parseArgs({
  options: {
    events: { type: "string", default: "200000" },
    batch: { type: "string", default: "500" },
    senders: { type: "string", default: "4" },
    keep: { type: "boolean", default: false },
  },
});
const EVENTS = Number(args.events);
const BATCH = Number(args.batch);
const SENDERS = Number(args.senders);

const COLUMNS =
  "broker_id, message_id, published_at, observed_at, received_at, channel_id, event_type_id, producer_id, size, trace_id, span_id, headers, payload, payload_truncated, shape_hash, valid";

async function makeBatches(runId: string): Promise<Buffer[]> {
  const now = Date.now();
  const out: Buffer[] = [];
  for (let from = 0; from < EVENTS; from += BATCH) {
    const events = generateEvents(runId, from, Math.min(BATCH, EVENTS - from), EVENTS, now);
    out.push(await gzipAsync(JSON.stringify({ events })));
  }
  return out;
}

async function send(
  port: number,
  token: string,
  batches: Buffer[],
): Promise<{ accepted: number; seconds: number; rejections: number; waitedSeconds: number }> {
  const client = new IngestClient(port, token, SENDERS);
  let next = 0;
  let accepted = 0;
  const started = performance.now();
  let failed = false;
  // allSettled: on a failure every sender stops, and none is still in flight when cleanup starts.
  const results = await Promise.allSettled(
    Array.from({ length: SENDERS }, async () => {
      while (!failed && next < batches.length) {
        const body = batches[next++]!;
        try {
          accepted += await client.send(body, () => failed);
        } catch (err) {
          failed = true;
          throw err;
        }
      }
    }),
  );
  for (const r of results) if (r.status === "rejected") throw r.reason;
  const seconds = (performance.now() - started) / 1000;
  client.close();
  return { accepted, seconds, rejections: client.rejections, waitedSeconds: client.waitedSeconds };
}

/** COPY of the rows ingest stored (read back untimed), into a plain table with the same indexes. */
async function copyBaseline(url: string): Promise<{ rows: number; seconds: number }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const chunks: Buffer[] = [];
    const out = c.query(copyTo(`COPY (SELECT ${COLUMNS} FROM messages) TO STDOUT`));
    for await (const chunk of out) chunks.push(chunk as Buffer);
    await c.query("CREATE TABLE bench_copy (LIKE messages INCLUDING ALL)");
    const started = performance.now();
    const stream = c.query(copyFrom(`COPY bench_copy (${COLUMNS}) FROM STDIN`));
    await pipeline(Readable.from(chunks), stream);
    const seconds = (performance.now() - started) / 1000;
    const { rows } = await c.query<{ n: number }>("SELECT count(*)::int AS n FROM bench_copy");
    return { rows: rows[0]!.n, seconds };
  } finally {
    await c.end();
  }
}

async function main(): Promise<void> {
  const server = await openCliServer();
  const dbName = `es_bench_${randomBytes(4).toString("hex")}`;
  const url = databaseUrlFor(server.url, dbName);
  console.log(
    `database: ${dbName} on ${new URL(server.url).host} (${server.source}); ${EVENTS} events, batches of ${BATCH}, ${SENDERS} senders, gzip`,
  );
  await adminQuery(server.url, `CREATE DATABASE ${dbName}`);
  let app: AppServer | undefined;
  try {
    await migrate(url);
    setDatabaseUrl(url);
    const { token } = await createCollectorToken("bench");
    const t0 = performance.now();
    const batches = await makeBatches(dbName);
    const mb = batches.reduce((n, b) => n + b.length, 0) / 1e6;
    console.log(
      `generated ${batches.length} batches (${mb.toFixed(1)} MB gzipped) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    app = await startAppServer({ DATABASE_URL: url, DEMO: "off", LOG_LEVEL: "warn" }, SERVER_LOG);
    // Warm-up (5 % of the batches, 1 to 20): JIT compilation and first-use costs (dimension
    // upserts, partitions, prepared statements) are not the steady throughput a server runs at.
    const warmBatches = Math.max(1, Math.min(20, Math.floor(batches.length * 0.05)));
    const port = Number(new URL(app.baseURL).port);
    const warm = await send(port, token, batches.slice(0, warmBatches));
    const ingest = await send(port, token, batches.slice(warmBatches));
    const stored = warm.accepted + ingest.accepted;
    if (stored !== EVENTS) throw new Error(`stored ${stored} of ${EVENTS} events`);
    const ingestRate = ingest.accepted / ingest.seconds;
    console.log(
      `ingest: ${ingest.accepted} events in ${ingest.seconds.toFixed(2)} s = ${Math.round(ingestRate)} events/s`,
    );
    // A 429 (the database behind, or the per-token rate limit) was waited out and the batch sent
    // again: the time waited is inside the figure above, as it is for a collector.
    console.log(
      `        rejected with 429: ${warm.rejections + ingest.rejections} times (${(warm.waitedSeconds + ingest.waitedSeconds).toFixed(1)} s waited out, summed over senders)`,
    );
    const { rows: sizes } = await pool().query<{ min: number; avg: number; max: number; rollups: number }>(
      `SELECT min(size) AS min, round(avg(size))::int AS avg, max(size) AS max, (SELECT sum(count)::int FROM rollup_minute) AS rollups FROM messages`,
    );
    console.log(
      `        payload bytes min/avg/max ${sizes[0]?.min}/${sizes[0]?.avg}/${sizes[0]?.max}; rollups count ${sizes[0]?.rollups}`,
    );
    await closeDatabase();
    const copy = await copyBaseline(url);
    const copyRate = copy.rows / copy.seconds;
    console.log(`COPY:   ${copy.rows} rows in ${copy.seconds.toFixed(2)} s = ${Math.round(copyRate)} rows/s`);
    console.log(`ratio ingest/COPY: ${(ingestRate / copyRate).toFixed(2)}`);
  } finally {
    await app?.stop();
    await closeDatabase();
    if (!args.keep) await adminQuery(server.url, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    else console.log(`kept database ${dbName}`);
    await server.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
