// The runtime's own surfaces against real Redis and the real ingest path: Prometheus /metrics and
// /healthz, and a broker that cannot be reached (a clear error, retried with backoff).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisAdapter } from "@/collectors/redis/redis-adapter";
import { deleteKeys, publishBurst, testRedis, uniqueKey } from "@/collectors/redis/testing";
import { eventually, startStack, type Stack } from "@/collectors/testing/stack";

let stack: Stack;
const keys: string[] = [];
const redis = testRedis();

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
  await deleteKeys(keys);
  redis.disconnect();
});

const metricValue = (text: string, line: string) => {
  const hit = text.split("\n").find((l) => l.startsWith(line));
  return hit === undefined ? undefined : Number(hit.slice(hit.lastIndexOf(" ") + 1));
};

describe("collector runtime", () => {
  it("serves Prometheus metrics and a health check that follow what it did", async () => {
    const stream = uniqueKey("rt:metrics");
    keys.push(stream);
    await redis.xgroup("CREATE", stream, "billing", "$", "MKSTREAM");
    const c = await stack.collector({
      adapter: createRedisAdapter({
        kind: "redis",
        name: uniqueKey("rt-m"),
        url: "redis://127.0.0.1:6379",
        streams: [stream],
        pollIntervalMs: 100,
      }),
      broker: { name: "rt-m", kind: "redis" },
      metrics: true,
    });
    await publishBurst({ stream, count: 40, fields: (i) => ({ type: "T", payload: JSON.stringify({ i }) }) });
    await eventually("40 sent", () => Promise.resolve(c.snapshot().sent === 40));
    const base = `http://127.0.0.1:${c.metricsPort}`;
    let text = "";
    await eventually("the lag gauge", async () => {
      text = await (await fetch(`${base}/metrics`)).text();
      return metricValue(text, `eventscope_collector_lag{channel="${stream}",consumer="billing"`) === 40;
    });
    expect(metricValue(text, 'eventscope_collector_received_total{kind="event"')).toBe(40);
    expect(metricValue(text, "eventscope_collector_sent_total")).toBe(40);
    expect(metricValue(text, "eventscope_collector_outbox_items")).toBe(0);
    expect(metricValue(text, "eventscope_collector_broker_connected")).toBe(1);
    expect(text).toContain("# TYPE eventscope_collector_dropped_total counter");
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, brokerConnected: true });
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });

  it("keeps retrying a broker it cannot reach, saying why, without giving up", async () => {
    const c = await stack.collector({
      adapter: createRedisAdapter({
        kind: "redis",
        name: "rt-down",
        url: "redis://:secret@127.0.0.1:1",
        streams: ["x"],
        connectTimeoutMs: 200,
      }),
      broker: { name: "rt-down", kind: "redis" },
      metrics: true,
      connected: false,
    });
    await eventually("a few attempts", () => Promise.resolve(c.brokerAttempts() >= 3));
    expect(c.sink.lastError?.message).toMatch(/cannot reach Redis at 127\.0\.0\.1:1/);
    expect(c.sink.lastError?.message).not.toContain("secret");
    const health = await (await fetch(`http://127.0.0.1:${c.metricsPort}/healthz`)).json();
    expect(health).toMatchObject({ brokerConnected: false });
    await c.stop();
  });

  it("leaves a dead letter the server refuses on the broker, and does not resend it in a loop", async () => {
    const dlq = uniqueKey("rt:dlq");
    keys.push(dlq);
    await redis.xadd(
      dlq,
      "*",
      "payload",
      "x".repeat(2_000_000),
      "originalStream",
      "orders",
      "reason",
      "rejected",
    );
    const c = await stack.collector({
      adapter: createRedisAdapter({
        kind: "redis",
        name: uniqueKey("rt-big"),
        url: "redis://127.0.0.1:6379",
        pollIntervalMs: 50,
        deadLetters: { streams: [{ stream: dlq }] },
      }),
      broker: { name: "rt-big", kind: "redis" },
    });
    await eventually("the refusal", () =>
      Promise.resolve(/refused a dead letter/.test(c.sink.lastError?.message ?? "")),
    );
    expect(c.sink.lastError?.message).toMatch(/dead letters are limited to 1048576 bytes/);
    await new Promise((r) => setTimeout(r, 1_000)); // 20 polls of the DLQ
    expect(c.sender.stats().rejectedItems).toBe(1);
    expect(await redis.xlen(dlq)).toBe(1);
    expect(await stack.count("SELECT count(*) AS n FROM dead_letters")).toBe(0);
    await c.stop();
  });
});
