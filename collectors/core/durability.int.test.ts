// Nothing lost, nothing twice: 10 000 events flow through a real Redis while the app goes down and
// comes back, and while the collector process is killed with SIGKILL mid-batch and restarted.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisAdapter } from "@/collectors/redis/redis-adapter";
import { deleteKeys, publishBurst, uniqueKey } from "@/collectors/redis/testing";
import { eventually, startStack, type Stack } from "@/collectors/testing/stack";

const TOTAL = 10_000;
let stack: Stack;
const keys: string[] = [];

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
  await deleteKeys(keys);
});

/** Publishes TOTAL entries in chunks, running `midway` once a third of them are out. */
async function flow(stream: string, midway: () => Promise<void>): Promise<void> {
  const chunk = 500;
  for (let start = 0; start < TOTAL; start += chunk) {
    await publishBurst({
      stream,
      count: chunk,
      fields: (i) => ({ type: "Tick", payload: JSON.stringify({ n: start + i, stream }) }),
    });
    if (start === 3000) await midway();
    await new Promise((r) => setTimeout(r, 20));
  }
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

describe("the outbox", () => {
  it("keeps every event while the app is down and sends each once when it is back", async () => {
    const stream = uniqueKey("durable:app-down");
    keys.push(stream);
    const broker = uniqueKey("redis-down");
    const c = await stack.collector({
      adapter: createRedisAdapter({
        kind: "redis",
        name: broker,
        url: "redis://127.0.0.1:6379",
        streams: [stream],
        pollIntervalMs: 100,
      }),
      broker: { name: broker, kind: "redis" },
    });
    let heldWhileDown = 0;
    await flow(stream, async () => {
      await stack.stopServer();
      await new Promise((r) => setTimeout(r, 300));
    });
    heldWhileDown = c.outbox.length + c.sender.stats().queued;
    expect(c.sender.stats().retries).toBeGreaterThan(0);
    expect(heldWhileDown).toBeGreaterThan(0);
    await stack.startServer();
    await eventually(`${TOTAL} stored`, async () => (await stored(stream)) === TOTAL, 60_000);
    expect(await distinct(stream)).toBe(TOTAL);
    expect(c.snapshot().dropped).toEqual({ outboxFull: 0, refused: 0, rejected: 0 });
    await c.stop();
  }, 120_000);

  it("survives kill -9 of the collector mid-batch: restarted, it sends the rest, none twice", async () => {
    const stream = uniqueKey("durable:kill");
    keys.push(stream);
    const dir = await mkdtemp(join(tmpdir(), "es-kill-"));
    const config = join(dir, "collector.yaml");
    await writeFile(
      config,
      [
        `server: { url: "${stack.url}", token: "${stack.token}" }`,
        `broker: { kind: redis, name: ${uniqueKey("redis-kill")}, url: "redis://127.0.0.1:6379", streams: ["${stream}"] }`,
        `outbox: { dir: "${join(dir, "outbox")}" }`,
        "batch: { maxItems: 200, maxDelayMs: 20 }",
        "metrics: { listen: false }",
        "log: { level: warn }",
      ].join("\n"),
    );
    const start = () =>
      spawn(process.execPath, ["--import", "tsx", "collectors/main.ts", "--config", config], {
        stdio: ["ignore", "ignore", "inherit"],
      });
    let child: ChildProcess = start();
    try {
      // Let it connect before the flow starts (a collector with no checkpoint reads only new entries).
      await eventually(
        "the collector connected",
        async () =>
          (await stack.count(
            "SELECT count(*) AS n FROM collectors WHERE connected_at IS NOT NULL AND disconnected_at IS NULL",
          )) >= 1,
        30_000,
      );
      await new Promise((r) => setTimeout(r, 500));
      await flow(stream, async () => {
        await eventually("some stored", async () => (await stored(stream)) > 0, 30_000);
        child.kill("SIGKILL");
        await new Promise((r) => child.once("exit", r));
        child = start();
      });
      await eventually(`${TOTAL} stored`, async () => (await stored(stream)) === TOTAL, 90_000).catch(
        async (err: Error) => {
          throw new Error(
            `${err.message} (stored ${await stored(stream)}, distinct ${await distinct(stream)})`,
          );
        },
      );
      expect(await distinct(stream)).toBe(TOTAL);
    } finally {
      child.kill("SIGKILL");
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
