// Against the real Redis at 127.0.0.1:6379: observing streams next to an application's consumer
// group, resuming from checkpoints, gauges, globs, odd entries, republish and connection failures.
import { randomBytes } from "node:crypto";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { REPROCESS_ID_HEADER } from "@/collectors/core/adapter";
import { MemorySink } from "@/collectors/core/testing/memory-sink";
import type { RedisConfigInput } from "@/collectors/redis/config";
import { FIELD_MAP_CONTENT_TYPE } from "@/collectors/redis/entry-mapping";
import { createRedisAdapter, type RedisAdapter } from "@/collectors/redis/redis-adapter";
import { parseGroups } from "@/collectors/redis/stream-info";
import {
  deleteKeys,
  publishBurst,
  runAppConsumer,
  TEST_REDIS_URL,
  testRedis,
  uniqueKey,
  waitFor,
} from "@/collectors/redis/testing";

const redis = testRedis();
const keys: string[] = [];
const reprocessIds: string[] = [];
const adapters: RedisAdapter[] = [];

function key(prefix: string): string {
  const k = uniqueKey(prefix);
  keys.push(k);
  return k;
}

function adapter(config: Omit<RedisConfigInput, "kind" | "url"> & { url?: string }): RedisAdapter {
  const a = createRedisAdapter({
    kind: "redis",
    url: TEST_REDIS_URL,
    pollIntervalMs: 100,
    blockMs: 200,
    ...config,
  });
  adapters.push(a);
  return a;
}

afterEach(async () => {
  await Promise.all(adapters.splice(0).map((a) => a.stop()));
  await deleteKeys(keys.splice(0), reprocessIds.splice(0));
});
afterAll(async () => {
  await redis.quit();
});

const traceparent = (i: number) => `00-${i.toString(16).padStart(32, "0")}-${"b".repeat(16)}-01`;

describe("observing streams", () => {
  it("sees every entry an application group consumes, without touching that group", async () => {
    const stream = key("orders");
    await redis.xadd(stream, "*", "payload", "before start"); // start at `$`: not observed
    const app = await runAppConsumer({ stream, group: "billing", handle: () => {} });
    const sink = new MemorySink();
    await adapter({ streams: [stream] }).start(sink);
    const ids = await publishBurst({
      stream,
      count: 300,
      fields: (i) => ({
        type: "order.created",
        traceparent: traceparent(i),
        producer: "shop",
        payload: `{"n":${i}}`,
      }),
    });
    await sink.until((s) => s.messages.length >= 300, 15_000, "300 observed entries");
    await waitFor(() => app.acked.length >= 300, "the app to ack 300 entries");
    await app.stop();

    expect(sink.messages.map((m) => m.brokerId)).toEqual(ids);
    sink.messages.forEach((m, i) => {
      expect(m.channel).toBe(stream);
      expect(m.subject).toBe(stream);
      expect(m.headers).toEqual({ type: "order.created", traceparent: traceparent(i), producer: "shop" });
      expect(m.body.toString()).toBe(`{"n":${i}}`);
      expect(m.publishedAt?.getTime()).toBe(Number(ids[i]?.split("-")[0]));
    });
    expect(sink.checkpointValues.get(stream)).toBe(ids.at(-1));
    expect(app.acked).toEqual(ids);

    // The app's group is the only group, its only consumer is the app's, and all it got it acked.
    const groups = parseGroups(await redis.xinfo("GROUPS", stream));
    expect(groups.map((g) => g.name)).toEqual(["billing"]);
    expect(groups[0]).toMatchObject({ consumers: 1, pending: 0, lastDeliveredId: ids.at(-1) });
    const consumers = (await redis.xinfo("CONSUMERS", stream, "billing")) as unknown[][];
    expect(consumers.map((c) => c[1])).toEqual(["app-1"]);

    await sink.until((s) => s.gauge(stream, "depth") === 301, 5000, "the depth gauge");
    // One sample with both: lag reaches 0 as soon as every entry is delivered, which can be a sample
    // taken before the app's last acks (pending 31 once), so pending is waited for, not read after.
    await sink.until(
      (s) => s.gauge(stream, "lag", "billing") === 0 && s.gauge(stream, "pending", "billing") === 0,
      5000,
      "the lag and pending gauges at 0",
    );
    expect(sink.gauge(stream, "consumers", "billing")).toBe(1);
    expect(sink.problems).toEqual([]);
  });

  it("reports a group's backlog as lag and its unacked entries as pending", async () => {
    const stream = key("slow");
    await redis.xgroup("CREATE", stream, "slow", "$", "MKSTREAM");
    await publishBurst({ stream, count: 10, fields: (i) => ({ payload: String(i) }) });
    await redis.xreadgroup("GROUP", "slow", "c", "COUNT", 4, "STREAMS", stream, ">");
    const sink = new MemorySink();
    await adapter({ streams: [stream] }).start(sink);
    await sink.until((s) => s.gauge(stream, "lag", "slow") === 6, 5000, "lag 6");
    expect(sink.gauge(stream, "pending", "slow")).toBe(4);
    expect(sink.gauge(stream, "depth")).toBe(10);
  });

  it("resumes from its checkpoints: after a restart, exactly the entries added meanwhile", async () => {
    const stream = key("resume");
    const first = new MemorySink();
    const a = adapter({ streams: [stream] });
    await a.start(first);
    const before = await publishBurst({ stream, count: 5, fields: (i) => ({ payload: `a${i}` }) });
    await first.until((s) => s.messages.length === 5, 10_000, "the first 5");
    await a.stop();

    const meanwhile = await publishBurst({ stream, count: 7, fields: (i) => ({ payload: `b${i}` }) });
    const second = new MemorySink();
    for (const [k, v] of first.checkpointValues) second.checkpoints.set(k, v);
    await adapter({ streams: [stream] }).start(second);
    const after = await publishBurst({ stream, count: 1, fields: () => ({ payload: "c" }) });
    await second.until((s) => s.messages.some((m) => m.brokerId === after[0]), 10_000, "the marker");
    expect(second.messages.map((m) => m.brokerId)).toEqual([...meanwhile, ...after]);
    expect(before.every((id) => !second.messages.some((m) => m.brokerId === id))).toBe(true);
  });

  it("follows a glob: streams created later are read from their first entry; a non-stream key is skipped", async () => {
    const prefix = uniqueKey("glob");
    const existing = `${prefix}:a`;
    const later = `${prefix}:b`;
    const notStream = key("string");
    keys.push(existing, later);
    await redis.set(notStream, "not a stream");
    await redis.xadd(existing, "*", "payload", "old");
    const sink = new MemorySink();
    await adapter({ streams: [`${prefix}:*`, notStream] }).start(sink);
    const [newOnExisting] = await publishBurst({
      stream: existing,
      count: 1,
      fields: () => ({ payload: "new" }),
    });
    const laterIds = await publishBurst({ stream: later, count: 3, fields: (i) => ({ payload: `l${i}` }) });
    await sink.until((s) => s.messages.length >= 4, 10_000, "entries of both streams");
    expect(sink.messages.filter((m) => m.channel === existing).map((m) => m.brokerId)).toEqual([
      newOnExisting,
    ]);
    expect(sink.messages.filter((m) => m.channel === later).map((m) => m.brokerId)).toEqual(laterIds);
    expect(sink.problems.map((p) => String(p.err))).toEqual([
      expect.stringContaining(`"${notStream}" holds a string`),
    ]);
  });

  it("keeps binary, 10 MB and oddly named entries intact", async () => {
    const stream = key("odd");
    const sink = new MemorySink();
    await adapter({ streams: [stream], count: 10 }).start(sink);
    const binary = Buffer.from([0, 255, 254, 0, 10, 13, 0xc3, 0x28]);
    const big = randomBytes(10 * 1024 * 1024);
    await redis.xadd(stream, "*", "payload", binary, "type", "bin");
    await redis.xadd(stream, "*", "data", big);
    await redis.xadd(stream, "*", "__proto__", "p", "", "empty", "with space", "s", "ключ", "v", "body", "b");
    await redis.xadd(stream, "*", "only", "fields", "type", "t");
    await sink.until((s) => s.messages.length === 4, 20_000, "4 odd entries");
    const [m1, m2, m3, m4] = sink.messages;
    expect(m1?.body.equals(binary)).toBe(true);
    expect(m1?.headers).toEqual({ type: "bin" });
    expect(m2?.body.equals(big)).toBe(true);
    expect(Object.hasOwn(m3?.headers ?? {}, "__proto__")).toBe(true);
    expect(m3?.headers).toMatchObject({ "": "empty", "with space": "s", ключ: "v" });
    expect(m3?.body.toString()).toBe("b");
    expect(JSON.parse(m4?.body.toString() ?? "")).toEqual({ only: "fields", type: "t" });
    expect(m4?.contentType).toBe(FIELD_MAP_CONTENT_TYPE);
    expect(sink.problems).toEqual([]);
  });
});

describe("republish", () => {
  /** A stream that exists (with an app's group, as a real destination has) and holds nothing. */
  async function emptyStream(name: string): Promise<string> {
    const stream = key(name);
    await redis.xgroup("CREATE", stream, "app", "$", "MKSTREAM");
    return stream;
  }

  it("XADDs exactly one copy per reprocess id, even when asked twice", async () => {
    const stream = await emptyStream("replay");
    const reprocessId = `r-${randomBytes(6).toString("hex")}`;
    reprocessIds.push(reprocessId);
    const sink = new MemorySink();
    const a = adapter({ streams: [stream] });
    await a.start(sink);
    const req = {
      reprocessId,
      destination: { channel: stream },
      headers: { type: "order.created", attempt: 2 },
      body: Buffer.from([1, 2, 0, 255]),
    };
    const first = await a.republishWithId(req);
    const second = await a.republishWithId(req);
    await a.republish(req);
    expect(second).toBe(first);
    const entries = await redis.xrangeBuffer(stream, "-", "+");
    expect(entries.map(([id]) => id.toString())).toEqual([first]);
    await sink.until((s) => s.messages.length === 1, 5000, "the copy observed");
    expect(sink.messages[0]?.body.equals(req.body)).toBe(true);
    expect(sink.messages[0]?.headers).toEqual({
      type: "order.created",
      attempt: "2",
      [REPROCESS_ID_HEADER]: reprocessId,
    });
  });

  it("puts a field-map body back as fields", async () => {
    const stream = await emptyStream("replay-map");
    const reprocessId = `r-${randomBytes(6).toString("hex")}`;
    reprocessIds.push(reprocessId);
    const a = adapter({ streams: [stream] });
    await a.start(new MemorySink());
    await a.republish({
      reprocessId,
      destination: { channel: stream },
      headers: { type: "t", amount: "5" },
      body: Buffer.from('{"type":"t","amount":"5"}'),
      contentType: FIELD_MAP_CONTENT_TYPE,
    });
    const [[, fields] = ["", []]] = await redis.xrange(stream, "-", "+");
    expect(fields).toEqual(["type", "t", "amount", "5", REPROCESS_ID_HEADER, reprocessId]);
  });

  it("refuses a stream key that does not exist rather than creating one no group reads", async () => {
    const gone = key("gone");
    const a = adapter({ streams: [key("any")] });
    await a.start(new MemorySink());
    await expect(
      a.republish({
        reprocessId: "r-gone",
        destination: { channel: gone },
        headers: {},
        body: Buffer.from("b"),
      }),
    ).rejects.toThrow(`XADD to ${gone} on Redis at 127.0.0.1:6379 failed: stream ${gone} does not exist`);
    expect(await redis.exists(gone, "eventscope:reprocessed:r-gone")).toBe(0);
  });

  it("rejects readably when the destination is not a stream", async () => {
    const notStream = key("plain");
    await redis.set(notStream, "x");
    const a = adapter({ streams: [key("any")] });
    await a.start(new MemorySink());
    await expect(
      a.republish({
        reprocessId: "r-x",
        destination: { channel: notStream },
        headers: {},
        body: Buffer.from("b"),
      }),
    ).rejects.toThrow(/XADD to .* failed: .*WRONGTYPE/);
    expect(await redis.exists(`eventscope:reprocessed:r-x`)).toBe(0);
  });
});

describe("connections", () => {
  it("start rejects with host:port and no password when Redis is unreachable", async () => {
    const a = adapter({ url: "redis://user:s3cret@127.0.0.1:1", streams: ["s"] });
    const err: unknown = await a.start(new MemorySink()).catch((e: unknown) => e);
    expect(String(err)).toMatch(/cannot reach Redis at 127\.0\.0\.1:1: .*ECONNREFUSED/);
    expect(String(err)).not.toContain("s3cret");
  });

  it("reports a lost connection once", async () => {
    const name = `conn-${randomBytes(4).toString("hex")}`;
    const sink = new MemorySink();
    const stream = key("lost");
    const a = adapter({ name, streams: [stream] });
    await a.start(sink);
    const mine = async () =>
      String(await redis.client("LIST"))
        .split("\n")
        .filter((l) => l.includes(` name=eventscope-${name}-`));
    expect(await mine()).toHaveLength(2);
    const id = /id=(\d+)/.exec((await mine()).find((l) => l.includes("-observer")) ?? "")?.[1];
    await redis.client("KILL", "ID", String(id));
    await waitFor(async () => (await mine()).length === 0, "both connections closed");
    await sink.until((s) => s.disconnects.length > 0, 5000, "disconnected()");
    expect(sink.disconnects).toEqual([
      expect.stringMatching(/lost the observer connection to Redis at 127\.0\.0\.1:6379/),
    ]);

    // The runtime restarts it (no stop() in between needed): observing again.
    await a.start(sink);
    const [backId] = await publishBurst({ stream, count: 1, fields: () => ({ payload: "back" }) });
    await sink.until(
      (s) => s.messages.some((m) => m.brokerId === backId),
      5000,
      "a message after the restart",
    );
  });
});
