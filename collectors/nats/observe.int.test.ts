// The NATS adapter against the real JetStream server at 127.0.0.1:4222: observation, checkpoints,
// lag gauges, odd and large messages, connection failures.
import { randomBytes } from "node:crypto";
import net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MemorySink } from "@/collectors/core/testing/memory-sink";
import { natsConfig, type NatsConfigInput } from "@/collectors/nats/config";
import { advisoryStreamName } from "@/collectors/nats/mapping";
import { createNatsAdapter } from "@/collectors/nats/nats-adapter";
import {
  TEST_SERVERS,
  createAppStream,
  deleteStreams,
  openNats,
  publishBurst,
  runAppConsumer,
  uniqueName,
  waitFor,
  type Nats,
} from "@/collectors/nats/testing";

let nats: Nats;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  nats = await openNats();
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
afterAll(async () => {
  await nats.nc.close();
});

/** A started adapter on a fresh app stream; stopped and deleted after the test. */
async function setup(extra: Partial<NatsConfigInput> = {}, sink = new MemorySink()) {
  const stream = uniqueName("OBS");
  const app = await createAppStream(nats, { stream, consumer: { durable: "app" } });
  const name = stream.toLowerCase();
  cleanups.push(() => deleteStreams(nats, [stream, advisoryStreamName(name)]));
  const config = natsConfig.parse({
    kind: "nats",
    name,
    servers: TEST_SERVERS,
    streams: [{ name: stream }],
    ...extra,
  });
  const adapter = createNatsAdapter(config);
  await adapter.start(sink);
  cleanups.push(() => adapter.stop());
  return { stream, app, sink, adapter, config };
}

const seqOf = (id: string | undefined) => Number(id?.split(":")[1]);

describe("NATS adapter: observing", () => {
  it("reports every message with subject, headers and msg id, while the app's durable still gets and acks each", async () => {
    const { stream, sink } = await setup({ pollIntervalMs: 250 });
    const app = await runAppConsumer(nats, stream, "app", () => "ack");
    cleanups.push(() => app.stop());
    const trace = (i: number) => `00-${i.toString(16).padStart(32, "a")}-b7ad6b7169203331-01`;
    await publishBurst({
      nats,
      subject: (i) => `${stream}.${i % 2 ? "created" : "paid"}`,
      count: 40,
      body: (i) => JSON.stringify({ order: i }),
      headers: (i) => ({ traceparent: trace(i), "x-order": String(i) }),
      msgId: (i) => `${stream}-order-${i}`,
    });

    await sink.until((s) => s.messages.length >= 40, 15_000, "40 observed messages");
    expect(sink.messages).toHaveLength(40);
    sink.messages.forEach((m, i) => {
      expect(m.channel).toBe(stream);
      expect(m.subject).toBe(`${stream}.${i % 2 ? "created" : "paid"}`);
      expect(m.brokerId).toBe(`${stream}-order-${i}`);
      expect(m.headers.traceparent).toBe(trace(i));
      expect(m.headers["x-order"]).toBe(String(i));
      expect(JSON.parse(m.body.toString())).toEqual({ order: i });
      expect(m.publishedAt).toBeInstanceOf(Date);
    });
    await waitFor(() => app.acked.length === 40, "the app to ack all 40");
    expect(new Set(app.acked).size).toBe(40);
    // The app's durable is reported; Eventscope's ordered consumer is not.
    await waitFor(
      () => sink.gauge(stream, "lag", "app") === 0 && sink.gauge(stream, "depth") === 40,
      "lag 0, depth 40",
    );
    expect(sink.gauge(stream, "pending", "app")).toBe(0);
    expect(sink.gauge(stream, "consumers")).toBe(1);
    expect([...sink.latestGauges.keys()].filter((k) => k.includes("EVENTSCOPE"))).toEqual([]);
  });

  it("reports lag for a consumer that falls behind", async () => {
    const { stream, sink } = await setup({ pollIntervalMs: 250 });
    await publishBurst({ nats, subject: `${stream}.x`, count: 7, body: (i) => `m${i}` });
    await waitFor(() => sink.gauge(stream, "lag", "app") === 7, "lag 7 on the idle app consumer");
    expect(sink.gauge(stream, "pending", "app")).toBe(7);
    expect(sink.gauge(stream, "ack_pending", "app")).toBe(0);
  });

  it("starts at new messages without a checkpoint, and resumes after the checkpoint with no gap or repeat", async () => {
    const stream = uniqueName("CKP");
    const configFor = () =>
      natsConfig.parse({
        kind: "nats",
        name: stream.toLowerCase(),
        servers: TEST_SERVERS,
        streams: [{ name: stream }],
      });
    await createAppStream(nats, { stream });
    cleanups.push(() => deleteStreams(nats, [stream, advisoryStreamName(stream.toLowerCase())]));
    const before = "published before the collector started";
    await publishBurst({ nats, subject: `${stream}.old`, count: 3, body: () => before });
    const first = new MemorySink();
    const adapter = createNatsAdapter(configFor());
    await adapter.start(first);
    await publishBurst({ nats, subject: `${stream}.new`, count: 5, body: (i) => `a${i}` });
    await first.until((s) => s.messages.length >= 5, 10_000, "5 messages");
    await adapter.stop();
    expect(first.messages.map((m) => seqOf(m.brokerId))).toEqual([4, 5, 6, 7, 8]);

    await publishBurst({ nats, subject: `${stream}.new`, count: 5, body: (i) => `b${i}` });
    const second = new MemorySink();
    for (const [k, v] of first.checkpointValues) second.checkpointValues.set(k, v);
    const again = createNatsAdapter(configFor());
    await again.start(second);
    cleanups.push(() => again.stop());
    await publishBurst({ nats, subject: `${stream}.sentinel`, count: 1, body: () => "end" });
    await second.until(
      (s) => s.messages.some((m) => m.subject === `${stream}.sentinel`),
      10_000,
      "the sentinel",
    );
    expect(second.messages.map((m) => seqOf(m.brokerId))).toEqual([9, 10, 11, 12, 13, 14]);
    expect(second.messages.some((m) => m.body.toString() === before)).toBe(false);
  });

  it("observes only the configured subjects", async () => {
    const stream = uniqueName("FLT");
    await createAppStream(nats, { stream });
    cleanups.push(() => deleteStreams(nats, [stream, advisoryStreamName(stream.toLowerCase())]));
    const sink = new MemorySink();
    const adapter = createNatsAdapter(
      natsConfig.parse({
        kind: "nats",
        name: stream.toLowerCase(),
        servers: TEST_SERVERS,
        streams: [{ name: stream, subjects: [`${stream}.a`, `${stream}.c.*`] }],
      }),
    );
    await adapter.start(sink);
    cleanups.push(() => adapter.stop());
    const subjects = ["a", "b", "c.1", "c.2.3", "a"].map((s) => `${stream}.${s}`);
    await publishBurst({
      nats,
      subject: (i) => subjects[i] ?? "",
      count: subjects.length,
      body: (i) => `${i}`,
    });
    await publishBurst({ nats, subject: `${stream}.c.end`, count: 1, body: () => "end" });
    await sink.until((s) => s.messages.some((m) => m.subject === `${stream}.c.end`), 10_000, "the sentinel");
    expect(sink.messages.map((m) => m.subject)).toEqual([
      `${stream}.a`,
      `${stream}.c.1`,
      `${stream}.a`,
      `${stream}.c.end`,
    ]);
  });

  it("takes binary bodies, a 1 MB message and odd headers in its stride", async () => {
    const { stream, sink } = await setup();
    const binary = randomBytes(512);
    binary[0] = 0;
    const big = randomBytes(1_000_000);
    const long = "v".repeat(10_000);
    await publishBurst({ nats, subject: `${stream}.bin`, count: 1, body: () => binary });
    await publishBurst({ nats, subject: `${stream}.big`, count: 1, body: () => big });
    await publishBurst({
      nats,
      subject: `${stream}.odd`,
      count: 1,
      body: () => "",
      headers: () => ({ "X-Weird_Name!~": "héllo ✓", empty: "", long }),
    });
    // Above the server's max_payload (1 MB by default) the client refuses to send at all.
    await expect(
      publishBurst({ nats, subject: `${stream}.huge`, count: 1, body: () => randomBytes(2_000_000) }),
    ).rejects.toThrow(/max_payload/);
    await publishBurst({ nats, subject: `${stream}.end`, count: 1, body: () => "end" });
    await sink.until((s) => s.messages.length >= 4, 15_000, "4 messages");
    const [bin, large, odd, end] = sink.messages;
    expect(bin?.body.equals(binary)).toBe(true);
    expect(large?.body.equals(big)).toBe(true);
    expect(odd?.body.length).toBe(0);
    expect(odd?.headers).toMatchObject({ "X-Weird_Name!~": "héllo ✓", empty: "", long });
    expect(end?.subject).toBe(`${stream}.end`);
    expect(sink.problems).toEqual([]);
  });
});

describe("NATS adapter: connection", () => {
  it("hands a deleted stream to the runtime as a disconnect", async () => {
    const { stream, sink } = await setup({ pollIntervalMs: 250 });
    await nats.jsm.streams.delete(stream);
    await sink.until((s) => s.disconnects.length > 0, 15_000, "a disconnect");
    expect(sink.disconnects[0]).toBe(`JetStream stream ${stream} no longer exists`);
  });

  it("rejects start readably when the server cannot be reached, without the password", async () => {
    const adapter = createNatsAdapter(
      natsConfig.parse({
        kind: "nats",
        servers: "nats://alice:s3cret@127.0.0.1:1",
        streams: [{ name: "X" }],
      }),
    );
    const err = await adapter.start(new MemorySink()).then(
      () => new Error("started"),
      (e: unknown) => e as Error,
    );
    expect(err.message).toMatch(/^cannot connect to NATS at nats:\/\/127\.0\.0\.1:1: /);
    expect(err.message).not.toContain("s3cret");
  });

  it("starts without a stream that does not exist, says so, and restarts once it is created", async () => {
    // One missing stream must not stop the others' observation (nor every reprocess command).
    const present = uniqueName("PRESENT");
    const missing = uniqueName("MISSING");
    await createAppStream(nats, { stream: present });
    const name = present.toLowerCase();
    cleanups.push(() => deleteStreams(nats, [present, missing, advisoryStreamName(name)]));
    const sink = new MemorySink();
    const adapter = createNatsAdapter(
      natsConfig.parse({
        kind: "nats",
        name,
        servers: TEST_SERVERS,
        streams: [{ name: present }, { name: missing }],
        pollIntervalMs: 250,
      }),
    );
    await adapter.start(sink);
    cleanups.push(() => adapter.stop());
    expect(sink.problems.map((p) => String(p.err))).toEqual([
      `Error: JetStream stream ${missing} does not exist: not observed until it does`,
    ]);
    await publishBurst({ nats, subject: `${present}.x`, count: 1, body: () => "{}" });
    await sink.until((s) => s.messages.length === 1, 10_000, "the present stream's message");
    expect(sink.disconnects).toEqual([]);
    await createAppStream(nats, { stream: missing });
    await sink.until((s) => s.disconnects.length > 0, 15_000, "a restart");
    expect(sink.disconnects[0]).toBe(`JetStream stream ${missing} exists now`);
  });

  it("reports a connection lost for good once", async () => {
    // A TCP proxy in front of NATS that the test closes: the client retries, then gives up.
    const sockets = new Set<net.Socket>();
    const proxy = net.createServer((client) => {
      const upstream = net.connect(4222, "127.0.0.1");
      sockets.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      const end = () => (client.destroy(), upstream.destroy());
      client.on("error", end).on("close", end);
      upstream.on("error", end).on("close", end);
    });
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
    const port = (proxy.address() as net.AddressInfo).port;
    const stream = uniqueName("DISC");
    await createAppStream(nats, { stream });
    cleanups.push(() => deleteStreams(nats, [stream, advisoryStreamName(stream.toLowerCase())]));
    const sink = new MemorySink();
    const adapter = createNatsAdapter(
      natsConfig.parse({
        kind: "nats",
        name: stream.toLowerCase(),
        servers: `nats://127.0.0.1:${port}`,
        streams: [{ name: stream }],
        reconnectAttempts: 2,
        reconnectWaitMs: 50,
      }),
    );
    await adapter.start(sink);
    cleanups.push(() => adapter.stop());
    const closed = new Promise<void>((r) => proxy.close(() => r()));
    for (const s of sockets) s.destroy();
    await closed;
    await sink.until((s) => s.disconnects.length > 0, 15_000, "a disconnect");
    await adapter.stop();
    expect(sink.disconnects).toHaveLength(1);
    expect(sink.disconnects[0]).toMatch(/NATS connection closed/);
  });
});
