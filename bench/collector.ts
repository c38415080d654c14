// npm run bench:collector [-- --events 50000 --rounds 2 --brokers rabbitmq,nats,redis]
// Per broker, in the same run: the publish rate of a load generator alone, with the cheapest
// possible observer attached (bench/collector/bare-observer.ts: what observing costs at all here)
// and with a collector attached (broker-side overhead), and the rate at which one collector drains a backlog —
// into a null ingest endpoint (the collector's own capacity) and into the real app on Postgres.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { startBareObserver, startCollectorProcess } from "@/bench/collector/collector-process";
import { natsLoad, rabbitLoad, redisLoad, type Load } from "@/bench/collector/loads";
import { startNullIngest, type NullIngest } from "@/bench/collector/null-ingest";
import { createCollectorToken } from "@/lib/auth/collector-tokens";
import { closeDatabase, pool, setDatabaseUrl } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { startAppServer, type AppServer } from "@/lib/testing/app-server";
import { databaseUrlFor } from "@/lib/testing/database-url";
import { openCliServer } from "@/server/cli/database";

const { values: args } = parseArgs({
  options: {
    events: { type: "string", default: "50000" },
    rounds: { type: "string", default: "2" },
    brokers: { type: "string", default: "rabbitmq,nats,redis" },
  },
});
const N = Number(args.events);
const ROUNDS = Number(args.rounds);
const LOADS: Record<string, (name: string) => Promise<Load>> = {
  rabbitmq: rabbitLoad,
  nats: natsLoad,
  redis: redisLoad,
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number) => Math.round(n).toLocaleString("en");

async function timed(fn: () => Promise<void>): Promise<number> {
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
}

async function until(
  what: string,
  probe: () => Promise<boolean> | boolean,
  timeoutMs = 300_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stored(broker: string): Promise<number> {
  const { rows } = await pool().query<{ n: number }>(
    "SELECT count(*)::int AS n FROM messages m JOIN brokers b ON b.id = m.broker_id WHERE b.name = $1",
    [broker],
  );
  return rows[0]!.n;
}

/** Rate of a drain: from the first item seen to the last, polled every 20 ms. */
async function drainRate(count: () => Promise<number> | number, base: number, n: number): Promise<number> {
  let first: number | undefined;
  for (;;) {
    const got = (await count()) - base;
    if (got > 0) first ??= performance.now();
    if (got >= n) return n / ((performance.now() - first!) / 1000);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function benchBroker(kind: string, sink: NullIngest, app: AppServer, token: string): Promise<void> {
  const name = `bench-${kind}-${randomBytes(3).toString("hex")}`;
  const load = await LOADS[kind]!(name);
  const dirs = {
    sink: await mkdtemp(join(tmpdir(), "es-bench-")),
    app: await mkdtemp(join(tmpdir(), "es-bench-")),
  };
  const collector = (server: string, dir: string) =>
    startCollectorProcess({ server, token, broker: load.broker, dir });
  let offset = 0;
  const publish = async () => {
    const s = await timed(() => load.publish(N, offset));
    offset += N;
    return N / s;
  };
  try {
    await publish(); // warm-up: connections, JIT, the broker's queues
    // 1. Broker-side overhead: the publish rate alone, then with a collector attached, forwarding live.
    const without: number[] = [];
    const withBare: number[] = [];
    const withCollector: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      without.push(await publish());
      const bare = await startBareObserver(load.broker);
      withBare.push(await publish());
      await bare.stop();
      const c = await collector(sink.url, dirs.sink);
      const base = sink.received();
      withCollector.push(await publish());
      await until("the collector to forward every event", () => sink.received() - base >= N);
      await c.stop();
    }
    // 2. What one collector process forwards: a backlog published while it was stopped (its tap
    //    queue / read position keeps it), drained into the null endpoint, then into the real app.
    const forwarded: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      await publish();
      const base = sink.received();
      const c = await collector(sink.url, dirs.sink);
      forwarded.push(await drainRate(() => sink.received(), base, N));
      await c.stop();
    }
    await (await collector(app.baseURL, dirs.app)).stop(); // its tap queue / read position exists from here on
    await publish();
    const before = await stored(name);
    const intoApp = await collector(app.baseURL, dirs.app);
    const appRate = await drainRate(() => stored(name), before, N);
    await intoApp.stop();

    const w0 = median(without);
    const wb = median(withBare);
    const w1 = median(withCollector);
    const f = median(forwarded);
    console.log(`${kind}:`);
    console.log(`  publish without collector: ${fmt(w0)} msg/s (runs: ${without.map(fmt).join(", ")})`);
    console.log(`  publish with a bare observer: ${fmt(wb)} msg/s (runs: ${withBare.map(fmt).join(", ")})`);
    console.log(`  publish with collector:    ${fmt(w1)} msg/s (runs: ${withCollector.map(fmt).join(", ")})`);
    console.log(
      `  broker-side overhead:      ${((1 - w1 / w0) * 100).toFixed(1)} % (ratio with/without ${(w1 / w0).toFixed(2)}); a bare observer's: ${((1 - wb / w0) * 100).toFixed(1)} %; collector/bare ${(w1 / wb).toFixed(2)}`,
    );
    console.log(
      `  forwarded by one collector, null ingest: ${fmt(f)} events/s (runs: ${forwarded.map(fmt).join(", ")})`,
    );
    console.log(
      `  forwarded into the app (Postgres):       ${fmt(appRate)} events/s (ratio app/null ${(appRate / f).toFixed(2)})`,
    );
  } finally {
    await load.cleanup();
    for (const d of Object.values(dirs)) await rm(d, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const server = await openCliServer();
  const dbName = `es_bench_${randomBytes(4).toString("hex")}`;
  const url = databaseUrlFor(server.url, dbName);
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: server.url });
    await c.connect();
    await c.query(sql).finally(() => c.end());
  };
  await admin(`CREATE DATABASE ${dbName}`);
  let app: AppServer | undefined;
  const sink = await startNullIngest();
  try {
    await migrate(url);
    setDatabaseUrl(url);
    const { token } = await createCollectorToken("bench-collector");
    app = await startAppServer(
      { DATABASE_URL: url, DEMO: "off", LOG_LEVEL: "warn" },
      join(process.cwd(), ".data/bench/collector-server.log"),
    );
    console.log(`${N} events per run, ${ROUNDS} rounds; database ${dbName}`);
    for (const kind of args.brokers.split(",")) await benchBroker(kind.trim(), sink, app, token);
  } finally {
    await app?.stop();
    await sink.close();
    await closeDatabase();
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await server.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
