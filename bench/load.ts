// npm run bench:load [-- --rate baseline|12560 --minutes 10 --baseline-seconds 60 --batch 500
//   --senders 4 --sockets 50 --cpu-prof --keep] (or LOAD_RATE / LOAD_MINUTES in the environment).
// A sustained ingest through the real app (the production build as its own process, on a scratch
// database, demo off), sent as collectors send it (gzip JSON batches over keep-alive HTTP, 429
// waited out), while 50 browser-like sockets of a signed-in user watch the Overview on /live.
// First a burst with no socket open measures what the app ingests in this run, on this machine's
// moment (its baseline); the sustained phase then asks for that rate (or a fixed --rate). Prints
// the rate held per minute, held = sustained / baseline, broker-to-browser latency (see
// bench/load/live-watchers.ts), the server's memory every 10 s with a verdict on its trend, the
// stored count against the sent count, the 429s, and storage per million events.
import { randomBytes } from "node:crypto";
import { readdir, stat } from "node:fs/promises";
import { loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { adminQuery } from "./admin-query";
import { IngestClient } from "./ingest-client";
import { MetricsSampler } from "./load/app-metrics-sampler";
import { BatchFactory } from "./load/batch-factory";
import { isMainThreadProfile, summariseCpuProfile } from "./load/cpu-profile";
import { drive, type DriveResult } from "./load/drive";
import { LiveWatchers } from "./load/live-watchers";
import { reportLatency, reportMemory, reportRate, reportStorage } from "./load/report";
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
const PROFILE_DIR = path.resolve(".data/bench/profiles");
const SAMPLE_EVERY_MS = 10_000;

const { values: args } = parseArgs({
  options: {
    rate: { type: "string", default: process.env.LOAD_RATE ?? "baseline" },
    minutes: { type: "string", default: process.env.LOAD_MINUTES ?? "10" },
    "baseline-seconds": { type: "string", default: "60" },
    batch: { type: "string", default: "500" },
    senders: { type: "string", default: "4" },
    sockets: { type: "string", default: "50" },
    "cpu-prof": { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
  },
});

function positive(name: string, value: string, allowZero = false): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || (n === 0 && !allowZero))
    throw new Error(
      `--${name} must be a ${allowZero ? "non-negative" : "positive"} number, got ${JSON.stringify(value)}`,
    );
  return n;
}
/** `--rate baseline` (the baseline's rate), `0.8x` (a fraction of it) or events/s. */
const BASELINE_SHARE =
  args.rate === "baseline"
    ? 1
    : /^\d*\.?\d+x$/.test(args.rate)
      ? positive("rate", args.rate.slice(0, -1))
      : undefined;
const FIXED_RATE = BASELINE_SHARE === undefined ? positive("rate", args.rate) : undefined;
const MINUTES = positive("minutes", args.minutes);
const BASELINE_SECONDS = positive("baseline-seconds", args["baseline-seconds"], true);
const BATCH = positive("batch", args.batch);
const SENDERS = positive("senders", args.senders);
const SOCKETS = positive("sockets", args.sockets, true);
if (FIXED_RATE === undefined && BASELINE_SECONDS === 0)
  throw new Error("--rate baseline needs a baseline phase: give --baseline-seconds > 0, or a fixed --rate");
/** The baseline burst's first seconds are a warm-up, as bench:ingest leaves out its first 5 %. */
const BASELINE_WARM_UP_SECONDS = Math.min(10, BASELINE_SECONDS / 4);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");

async function signInCookie(baseURL: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${baseURL}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: baseURL },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in answered ${res.status}: ${await res.text()}`);
  return cookieFrom(res.headers);
}

/** The run's baseline: a burst with no socket open; its events/s is `timedRate` (undefined without one). */
async function measureBaseline(
  client: IngestClient,
  factory: BatchFactory,
): Promise<DriveResult | undefined> {
  if (BASELINE_SECONDS === 0) return undefined;
  console.log(
    `baseline: ${BASELINE_SECONDS} s as fast as the app answers, no socket open (load average ${load()})`,
  );
  const burst = await drive(client, factory, {
    rate: Infinity,
    seconds: BASELINE_SECONDS,
    senders: SENDERS,
    warmUpSeconds: BASELINE_WARM_UP_SECONDS,
  });
  console.log(
    `  ${Math.round(burst.timedRate)} events/s after a ${BASELINE_WARM_UP_SECONDS} s warm-up (${burst.accepted} events)`,
  );
  return burst;
}

/** With --cpu-prof, node's flags that make the app write a CPU profile when it exits. */
const profilingArgs = (): string[] =>
  args["cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`] : [];

async function printProfile(sinceMs: number): Promise<void> {
  // The main thread's: tsx's module loader runs in a worker thread with a profile of its own.
  const files = (await readdir(PROFILE_DIR).catch(() => [] as string[])).filter(isMainThreadProfile);
  const stats = await Promise.all(
    files.map(async (f) => ({ f, at: (await stat(path.join(PROFILE_DIR, f))).mtimeMs })),
  );
  const newest = stats.filter((s) => s.at >= sinceMs).sort((a, b) => b.at - a.at)[0];
  if (!newest)
    return console.log(`
no CPU profile written under ${PROFILE_DIR} (the app did not exit cleanly?)`);
  const file = path.join(PROFILE_DIR, newest.f);
  const p = await summariseCpuProfile(file);
  console.log(`
app CPU profile ${file} (${(p.totalMs / 1000).toFixed(0)} s sampled, idle included), self time:`);
  for (const [title, rows] of [
    ["by source", p.bySource],
    ["by function", p.byFunction],
  ] as const) {
    console.log(`  ${title}:`);
    for (const r of rows) console.log(`    ${(r.share * 100).toFixed(1).padStart(5)} %  ${r.name}`);
  }
}

async function main(): Promise<void> {
  const server = await openCliServer();
  const dbName = `es_bench_load_${randomBytes(4).toString("hex")}`;
  const url = databaseUrlFor(server.url, dbName);
  console.log(
    `database: ${dbName} on ${new URL(server.url).host} (${server.source}); ` +
      `${FIXED_RATE ?? `${BASELINE_SHARE} × the baseline's`} events/s for ${MINUTES} min, ` +
      `batches of ${BATCH} from ${SENDERS} senders (gzip), ${SOCKETS} /live sockets`,
  );
  await adminQuery(server.url, `CREATE DATABASE ${dbName}`);
  let app: AppServer | undefined;
  let watchers: LiveWatchers | undefined;
  let client: IngestClient | undefined;
  let sampler: MetricsSampler | undefined;
  const startedMs = Date.now();
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
      profilingArgs(),
    );
    const factory = new BatchFactory(`load-${dbName}`, BATCH, randomBytes(4).toString("hex"));
    client = new IngestClient(Number(new URL(app.baseURL).port), token, SENDERS);
    const burst = await measureBaseline(client, factory);
    const baseline = burst?.timedRate;
    const rate = FIXED_RATE ?? baseline! * BASELINE_SHARE!;

    const cookie = await signInCookie(app.baseURL, admin.email, admin.password);
    watchers = new LiveWatchers();
    await watchers.open(app.baseURL, SOCKETS, { cookie, origin: app.baseURL });
    sampler = new MetricsSampler(app.baseURL, SAMPLE_EVERY_MS);
    await sampler.start();
    console.log(
      `sustained: ${Math.round(rate)} events/s, ${SOCKETS} sockets; load average before: ${load()} (read the ratios)`,
    );
    const w = watchers;
    const sent = await drive(client, factory, {
      rate,
      seconds: MINUTES * 60,
      senders: SENDERS,
      onCommitted: (publishedMs) => w.noteCommitted(publishedMs),
    });
    console.log(`load average after:  ${load()}`);
    await sleep(2_000); // the last batches' summaries
    await sampler.stop();
    watchers.close();
    const { rows } = await pool().query<{ n: number }>("SELECT count(*)::int8 AS n FROM messages");
    const stored = Number(rows[0]!.n);
    reportRate({ sent, rate, minutes: MINUTES, baseline, foundation: FOUNDATION_RATE }, client);
    reportLatency(watchers, SOCKETS);
    reportMemory(sampler, sent.accepted, SAMPLE_EVERY_MS);
    const accepted = (burst?.accepted ?? 0) + sent.accepted;
    const equal = stored === factory.made && stored === accepted;
    console.log(
      `\nno loss (baseline and sustained): ${factory.made} events made, ${accepted} accepted, ` +
        `${stored} in the database — ${equal ? "equal" : "NOT EQUAL"}`,
    );
    if (SOCKETS > 0)
      console.log(
        `the Overview's "stored since start" read ${watchers.lastStoredEvents} in its last summary ` +
          `(${watchers.lastStoredEvents === accepted ? "equal to" : "NOT"} the ${accepted} accepted)`,
      );
    await reportStorage(stored);
    if (!equal) process.exitCode = 1;
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
  if (args["cpu-prof"]) await printProfile(startedMs);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
