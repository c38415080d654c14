// npm run bench:load [-- --rate 12560 --minutes 10 --batch 500 --senders 4 --sockets 50 --keep]
// (or LOAD_RATE / LOAD_MINUTES in the environment). A sustained ingest through the real app (the
// production build as its own process, on a scratch database, demo off) at bench:ingest's rate,
// sent as collectors send it (gzip JSON batches over keep-alive HTTP, 429 waited out), while 50
// browser-like sockets of a signed-in user watch the Overview on /live. Prints the rate held per
// minute against the target, broker-to-browser latency (see bench/load/live-watchers.ts), the
// server's resident memory every 10 s with its linear trend, the stored count against the sent
// count, the 429s, and storage per million events.
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { adminQuery } from "./admin-query";
import { IngestClient } from "./ingest-client";
import { BatchFactory } from "./load/batch-factory";
import { LiveWatchers } from "./load/live-watchers";
import { MetricsSampler, type MetricsSample } from "./load/app-metrics-sampler";
import { percentile, slope } from "./load/stats";
import { tableSizes } from "./table-sizes";
import { createCollectorToken } from "@/lib/auth/collector-tokens";
import { closeDatabase, pool, setDatabaseUrl } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { startAppServer, type AppServer } from "@/lib/testing/app-server";
import { cookieFrom } from "@/lib/testing/http-client";
import { databaseUrlFor } from "@/lib/testing/database-url";
import { openCliServer } from "@/server/cli/database";

/** bench:ingest's figure (bench/README.md, 2026-11-23): the rate the foundation reached. */
const FOUNDATION_RATE = 12_560;
const SERVER_LOG = path.resolve(".data/bench/load-server.log");
const SAMPLE_EVERY_MS = 10_000;
/** Memory samples of the first minutes are start-up (JIT, caches, pools filling), not a trend. */
const WARM_UP_MIN = 2;
const LATENCY_TARGET_MS = 1_000;

const { values: args } = parseArgs({
  options: {
    rate: { type: "string", default: process.env.LOAD_RATE ?? String(FOUNDATION_RATE) },
    minutes: { type: "string", default: process.env.LOAD_MINUTES ?? "10" },
    batch: { type: "string", default: "500" },
    senders: { type: "string", default: "4" },
    sockets: { type: "string", default: "50" },
    keep: { type: "boolean", default: false },
  },
});
const RATE = Number(args.rate);
const MINUTES = Number(args.minutes);
const BATCH = Number(args.batch);
const SENDERS = Number(args.senders);
const SOCKETS = Number(args.sockets);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ms = (v: number) => `${Math.round(v)} ms`;
const MB = 1_048_576;

async function signInCookie(baseURL: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${baseURL}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseURL },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in answered ${res.status}: ${await res.text()}`);
  return cookieFrom(res.headers);
}

type SendResult = { accepted: number; perMinute: number[]; seconds: number };

/**
 * Sends a batch every BATCH / RATE seconds from SENDERS concurrent senders; a sender that falls
 * behind the schedule sends at once (catching up), and no batch starts after the end: a rate the
 * app cannot hold shows as a shortfall, not as a longer run.
 */
async function sustain(
  client: IngestClient,
  factory: BatchFactory,
  watchers: LiveWatchers,
): Promise<SendResult> {
  const intervalMs = (BATCH / RATE) * 1000;
  const started = performance.now();
  const end = started + MINUTES * 60_000;
  const perMinute = Array.from({ length: Math.ceil(MINUTES) }, () => 0);
  let scheduled = 0;
  let accepted = 0;
  const sender = async () => {
    for (;;) {
      const due = started + scheduled * intervalMs;
      if (due >= end || performance.now() >= end) return;
      scheduled++;
      if (due > performance.now()) await sleep(due - performance.now());
      const minute = Math.floor((performance.now() - started) / 60_000);
      const batch = await factory.next();
      const n = await client.send(batch.body);
      watchers.noteCommitted(batch.publishedMs);
      accepted += n;
      perMinute[Math.min(minute, perMinute.length - 1)]! += n;
    }
  };
  await Promise.all(Array.from({ length: SENDERS }, sender));
  return { accepted, perMinute, seconds: (performance.now() - started) / 1000 };
}

function report(
  sent: SendResult,
  client: IngestClient,
  watchers: LiveWatchers,
  sampler: MetricsSampler,
  stored: number,
  made: number,
): void {
  const target = RATE * 60;
  console.log(`\ningest rate held (events accepted per minute, by the minute they were sent):`);
  sent.perMinute.forEach((n, i) => {
    const full = Math.min(1, MINUTES - i);
    console.log(
      `  minute ${String(i + 1).padStart(2)}  ${String(n).padStart(8)} of ${Math.round(target * full)}  ratio ${(n / (target * full)).toFixed(2)}`,
    );
  });
  const held = sent.accepted / sent.seconds;
  console.log(
    `  overall ${Math.round(held)} events/s against ${RATE} target: ratio held/target ${(held / RATE).toFixed(2)}`,
  );
  console.log(
    `  rejected with 429: ${client.rejections} batches (${client.waitedSeconds.toFixed(1)} s waited out); ` +
      `sent again after a connection reset: ${client.networkRetries}`,
  );

  const b = watchers.batchLatencyMs;
  const e = watchers.eventLatencyMs;
  console.log(
    `\nbroker-to-browser (publishedAt → /live summary received), ${SOCKETS} sockets, ${watchers.summaries} summaries, ${watchers.disconnects} dropped:`,
  );
  for (const [name, xs] of [
    ["every batch, first summary after its 202", b],
    ["sampled events, in a summary's newest 20", e],
  ] as const) {
    const p99 = percentile(xs, 0.99);
    console.log(
      `  ${name.padEnd(42)} n=${String(xs.length).padStart(8)}  p50 ${ms(percentile(xs, 0.5)).padStart(8)}  p99 ${ms(p99).padStart(8)}  max ${ms(percentile(xs, 1)).padStart(8)}  p99/target(1 s) ${(p99 / LATENCY_TARGET_MS).toFixed(2)}`,
    );
  }

  const s = sampler.samples;
  const t0 = s[0]?.atMs ?? 0;
  const series = (of: (x: MetricsSample) => number) =>
    s.map((x) => ({ x: (x.atMs - t0) / 60_000, y: of(x) / MB }));
  const points = series((x) => x.rssBytes);
  const heap = series((x) => x.heapUsedBytes);
  const list = (xs: typeof points) => xs.map((p) => p.y.toFixed(0)).join(" ");
  console.log(`\nserver RSS every ${SAMPLE_EVERY_MS / 1000} s (MB): ${list(points)}`);
  console.log(`server V8 heap used (MB):      ${list(heap)}`);
  const steady = points.filter((p) => p.x >= WARM_UP_MIN);
  const first = s[0];
  const last = s.at(-1);
  const trend = (xs: typeof points) => (xs.length < 2 ? "n/a" : `${slope(xs).toFixed(2)} MB/min`);
  console.log(
    `  trend ${trend(points)} over the run; ${trend(steady)} after minute ${WARM_UP_MIN} ` +
      `(${steady.length} samples); ${sampler.failures} samples missed`,
  );
  console.log(`  heap trend ${trend(heap.filter((p) => p.x >= WARM_UP_MIN))} after minute ${WARM_UP_MIN}`);
  if (first && last) {
    const cpu = last.cpuSeconds - first.cpuSeconds;
    console.log(
      `  app CPU ${cpu.toFixed(0)} s for ${sent.accepted} events: ${((cpu / sent.accepted) * 1e6).toFixed(0)} µs per event, ` +
        `${Math.round(sent.accepted / cpu)} events/s per core of the app's own process (Postgres not included); ` +
        `backpressure refusals counted by the app: ${last.refusedBackpressure - first.refusedBackpressure}`,
    );
  }
  console.log(
    `\nno loss: ${made} events made, ${sent.accepted} accepted, ${stored} in the database — ${stored === made && stored === sent.accepted ? "equal" : "NOT EQUAL"}`,
  );
}

async function printStorage(events: number): Promise<void> {
  const tables = ["messages", "traces", "rollup_minute", "rollup_hour"];
  const sizes = await tableSizes(tables);
  console.log(`\nstorage (pg_total_relation_size, no VACUUM) per million events (${events} stored):`);
  let total = 0;
  for (const t of tables) {
    const { bytes, rows } = sizes.get(t)!;
    total += bytes;
    console.log(
      `  ${t.padEnd(14)} ${String(rows).padStart(9)} rows  ${(bytes / MB).toFixed(1).padStart(9)} MB  ${(((bytes / events) * 1e6) / MB).toFixed(1).padStart(8)} MB per 1 M`,
    );
  }
  console.log(
    `  ${"total".padEnd(14)} ${"".padStart(14)}  ${(total / MB).toFixed(1).padStart(9)} MB  ${(((total / events) * 1e6) / MB).toFixed(1).padStart(8)} MB per 1 M`,
  );
}

async function main(): Promise<void> {
  const server = await openCliServer();
  const dbName = `es_bench_load_${randomBytes(4).toString("hex")}`;
  const url = databaseUrlFor(server.url, dbName);
  console.log(
    `database: ${dbName} on ${new URL(server.url).host} (${server.source}); ${RATE} events/s for ${MINUTES} min, ` +
      `batches of ${BATCH} from ${SENDERS} senders (gzip), ${SOCKETS} /live sockets`,
  );
  await adminQuery(server.url, `CREATE DATABASE ${dbName}`);
  let app: AppServer | undefined;
  let watchers: LiveWatchers | undefined;
  let client: IngestClient | undefined;
  let sampler: MetricsSampler | undefined;
  try {
    await migrate(url);
    setDatabaseUrl(url);
    const { token } = await createCollectorToken("bench-load");
    const admin = { email: "load@bench.example.com", password: randomBytes(12).toString("hex") };
    app = await startAppServer(
      {
        DATABASE_URL: url,
        DEMO: "off",
        LOG_LEVEL: "warn",
        ADMIN_EMAIL: admin.email,
        ADMIN_PASSWORD: admin.password,
      },
      SERVER_LOG,
    );
    const cookie = await signInCookie(app.baseURL, admin.email, admin.password);
    watchers = new LiveWatchers();
    await watchers.open(app.baseURL, SOCKETS, { cookie, origin: app.baseURL });
    const factory = new BatchFactory(`load-${dbName}`, BATCH, randomBytes(4).toString("hex"));
    client = new IngestClient(Number(new URL(app.baseURL).port), token, SENDERS);
    sampler = new MetricsSampler(app.baseURL, SAMPLE_EVERY_MS);
    await sampler.start();
    const load = () =>
      loadavg()
        .map((l) => l.toFixed(1))
        .join(" ");
    console.log(`load average before: ${load()} (this machine is shared: read the ratios)`);
    const sent = await sustain(client, factory, watchers);
    console.log(`load average after:  ${load()}`);
    await sleep(2_000); // the last batches' summaries
    await sampler.stop();
    watchers.close();
    const { rows } = await pool().query<{ n: number }>("SELECT count(*)::int8 AS n FROM messages");
    const stored = Number(rows[0]!.n);
    report(sent, client, watchers, sampler, stored, factory.made);
    await printStorage(stored);
    if (stored !== factory.made) process.exitCode = 1;
  } finally {
    await sampler?.stop(false);
    watchers?.close();
    client?.close();
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
