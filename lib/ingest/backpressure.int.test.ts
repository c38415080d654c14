// Backpressure end to end: a real collector runtime (Redis Streams) sends through the real ingest
// route while the database is held up for real (a lock on the messages table, so every write
// waits). With one write allowed in flight the other collector is answered 429 + Retry-After and
// keeps its batches in its outbox; once the lock goes, every event is stored exactly once. The
// app's /metrics, served by the real endpoint, is read and parsed before and after.
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisAdapter } from "@/collectors/redis/redis-adapter";
import { deleteKeys, publishBurst, uniqueKey } from "@/collectors/redis/testing";
import { eventually, startStack, type Stack } from "@/collectors/testing/stack";
import { ingestAdmission, setIngestAdmissionForTests } from "@/lib/ingest/admit-ingest";
import { postIngest } from "@/lib/ingest/ingest-test-client";
import { makeEvent } from "@/lib/ingest/test-factories";
import { POST as otlpExport } from "@/app/v1/traces/route";
import { withMetricsEndpoint } from "@/server/metrics-endpoint";

const PER_STREAM = 1500;
let stack: Stack;
let metricsServer: Server;
let metricsUrl = "";
const keys: string[] = [];

beforeAll(async () => {
  stack = await startStack();
  const notFound = (_req: unknown, res: ServerResponse) => {
    res.writeHead(404).end();
    return Promise.resolve();
  };
  metricsServer = createServer((req, res) => {
    void withMetricsEndpoint(notFound, { trustProxy: false }, { error: () => undefined })(req, res);
  });
  await new Promise<void>((resolve) => metricsServer.listen(0, "127.0.0.1", resolve));
  metricsUrl = `http://127.0.0.1:${(metricsServer.address() as AddressInfo).port}/metrics`;
});
afterAll(async () => {
  setIngestAdmissionForTests();
  await new Promise((resolve) => metricsServer?.close(resolve));
  await stack?.close();
  await deleteKeys(keys);
});

type Sample = { name: string; labels: Record<string, string>; value: number };

/** Prometheus text format → samples (enough of it for what the app prints). */
function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g))
      labels[l[1]!] = l[2]!;
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return samples;
}

async function scrape(): Promise<(name: string, labels?: Record<string, string>) => number> {
  const res = await fetch(metricsUrl);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  const samples = parseMetrics(await res.text());
  return (name, labels = {}) =>
    samples
      .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
      .reduce((sum, s) => sum + s.value, 0);
}

const stored = (stream: string) =>
  stack.count(
    "SELECT count(*) AS n FROM messages m JOIN channels c ON c.id = m.channel_id WHERE c.name = $1",
    [stream],
  );
const distinct = (stream: string) =>
  stack.count(
    "SELECT count(DISTINCT m.message_id) AS n FROM messages m JOIN channels c ON c.id = m.channel_id WHERE c.name = $1",
    [stream],
  );

async function redisCollector(stream: string) {
  const broker = uniqueKey("bp");
  return stack.collector({
    adapter: createRedisAdapter({
      kind: "redis",
      name: broker,
      url: "redis://127.0.0.1:6379",
      streams: [stream],
      pollIntervalMs: 50,
    }),
    broker: { name: broker, kind: "redis" },
  });
}

describe("ingest backpressure", () => {
  it("answers 429 while the database is held up, and the collectors lose nothing", async () => {
    setIngestAdmissionForTests({
      maxInFlight: 1,
      maxInFlightBytes: 64 * 1024 * 1024,
      maxRetryAfterSeconds: 1,
    });
    const before = await scrape();
    const streams = [uniqueKey("bp:a"), uniqueKey("bp:b")];
    keys.push(...streams);
    const collectors = await Promise.all(streams.map(redisCollector));

    // A first event each, so that today's partition exists: creating it while the table is locked
    // would queue an ACCESS EXCLUSIVE lock that every read of the table then waits behind.
    for (const stream of streams) {
      await publishBurst({ stream, count: 1, fields: () => ({ type: "Tick", payload: "{}" }) });
      await eventually(`the first event of ${stream}`, async () => (await stored(stream)) === 1);
    }

    // The database falls behind: every insert into messages waits for this transaction.
    const locker = new pg.Client({ connectionString: stack.db.url });
    await locker.connect();
    let locked = true;
    try {
      await locker.query("BEGIN");
      await locker.query("LOCK TABLE messages IN EXCLUSIVE MODE");
      for (const stream of streams)
        await publishBurst({
          stream,
          count: PER_STREAM,
          fields: (i) => ({ type: "Tick", payload: JSON.stringify({ n: i, stream }) }),
        });

      // One write holds the only slot (waiting on the lock); the other collector is refused, again
      // and again, and its batches wait in its outbox.
      await eventually("a collector told 429 more than once", () =>
        Promise.resolve(
          collectors.some(
            (c) =>
              /^HTTP 429/.test(c.sender.stats().lastError?.message ?? "") && c.sender.stats().retries >= 2,
          ),
        ),
      );
      const refusedOne = collectors.find((c) => /^HTTP 429/.test(c.sender.stats().lastError?.message ?? ""))!;
      expect(refusedOne.sender.stats().lastError?.message).toMatch(
        /"code":"overloaded".*the database is behind/,
      );
      expect(refusedOne.outbox.length).toBeGreaterThan(0);
      const { rows } = await locker.query<{ n: number }>("SELECT count(*)::int AS n FROM messages");
      expect(rows[0]!.n).toBe(2); // the first events only: nothing half-stored
      const during = await scrape();
      expect(during("eventscope_ingest_in_flight")).toBe(1);
      expect(during("eventscope_ingest_in_flight_limit")).toBe(1);

      // The database recovers.
      await locker.query("COMMIT");
      locked = false;
      for (const stream of streams)
        await eventually(
          `${PER_STREAM} stored from ${stream}`,
          async () => (await stored(stream)) === PER_STREAM + 1,
          60_000,
        );
      for (const stream of streams) expect(await distinct(stream)).toBe(PER_STREAM + 1);
      for (const c of collectors) {
        expect(c.snapshot().dropped).toEqual({ outboxFull: 0, refused: 0, rejected: 0 });
        await eventually("the outbox emptied", () => Promise.resolve(c.outbox.length === 0));
      }

      const after = await scrape();
      const delta = (name: string, labels?: Record<string, string>) =>
        after(name, labels) - before(name, labels);
      expect(
        delta("eventscope_ingest_refused_total", { route: "ingest", reason: "backpressure" }),
      ).toBeGreaterThanOrEqual(2);
      expect(delta("eventscope_ingest_items_total", { route: "ingest", outcome: "stored" })).toBe(
        2 * (PER_STREAM + 1),
      );
      expect(delta("eventscope_ingest_items_total", { route: "ingest", outcome: "rejected" })).toBe(0);
      const batches = delta("eventscope_ingest_batches_total", { route: "ingest" });
      expect(batches).toBeGreaterThanOrEqual(2 * Math.ceil(PER_STREAM / 500));
      expect(delta("eventscope_ingest_write_seconds_count", { route: "ingest" })).toBe(batches);
      expect(delta("eventscope_ingest_bytes_total", { route: "ingest" })).toBeGreaterThan(
        2 * PER_STREAM * 50,
      );
      // The write that waited for the lock is in the histogram's upper buckets; the hint followed it.
      expect(after("eventscope_ingest_in_flight")).toBe(0);
      expect(after("process_resident_memory_bytes")).toBeGreaterThan(0);
    } finally {
      if (locked) await locker.query("ROLLBACK").catch(() => undefined);
      await locker.end();
      for (const c of collectors) await c.stop();
    }
  }, 120_000);
});

describe("the admission check", () => {
  it("comes before the token and the body: 429 + Retry-After, nothing stored, then the same batch goes in", async () => {
    setIngestAdmissionForTests({
      maxInFlight: 1,
      maxInFlightBytes: 64 * 1024 * 1024,
      maxRetryAfterSeconds: 5,
    });
    const held = ingestAdmission().tryAdmit(0);
    if (!held.ok) throw new Error("the first request is always admitted");
    const batch = { events: [makeEvent({ id: "bp-direct-1" }), makeEvent({ id: "bp-direct-2" })] };
    const ids = "SELECT count(*) AS n FROM messages WHERE message_id IN ('bp-direct-1', 'bp-direct-2')";
    try {
      // No token at all: refused for load, not for the token — the check touched no database.
      const anonymous = await postIngest(batch, { token: null });
      expect(anonymous).toMatchObject({
        status: 429,
        retryAfter: "1",
        body: { error: { code: "overloaded" } },
      });
      const refused = await postIngest(batch, { token: stack.token, gzip: true });
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({
        error: {
          message: expect.stringMatching(
            /1 ingest request is already being stored .*not read or stored — retry in 1 s/,
          ),
        },
      });
      expect(await stack.count(ids)).toBe(0);
      // The OTLP receiver shares the bound: the same pool serves both.
      const otlp = await otlpExport(
        new Request("http://127.0.0.1/v1/traces", {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${stack.token}` },
          body: "{}",
        }),
        { params: Promise.resolve({}) },
      );
      expect(otlp.status).toBe(429);
      expect(otlp.headers.get("retry-after")).toBe("1");
    } finally {
      held.release();
    }
    const accepted = await postIngest(batch, { token: stack.token, gzip: true });
    expect(accepted).toMatchObject({ status: 202, body: { accepted: 2, duplicates: 0 } });
    expect(await stack.count(ids)).toBe(2);
    expect(ingestAdmission().stats()).toMatchObject({ inFlight: 0, inFlightBytes: 0 });
  });
});
