// Dead letters and reprocessing against the real JetStream server at 127.0.0.1:4222: advisories
// persisted in Eventscope's stream, acked only once stored, offered again after a restart;
// republish with msg-id dedupe; DLQ streams.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  REPROCESS_ID_HEADER,
  type ObservedDeadLetter,
  type RepublishRequest,
} from "@/collectors/core/adapter";
import { MemorySink } from "@/collectors/core/testing/memory-sink";
import { natsConfig, type NatsConfigInput } from "@/collectors/nats/config";
import { advisoryStreamName, deadLetterChannel, ownDurableName } from "@/collectors/nats/mapping";
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
  type AppDecision,
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

const TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

/** An app stream whose durable "app" gives up after 2 deliveries, and an adapter config for it. */
async function appWithPoison(decide: AppDecision = "nak") {
  const stream = uniqueName("DL");
  const name = stream.toLowerCase();
  await createAppStream(nats, { stream, consumer: { durable: "app", maxDeliver: 2 } });
  cleanups.push(() => deleteStreams(nats, [stream, advisoryStreamName(name)]));
  const config = (extra: Partial<NatsConfigInput> = {}) =>
    natsConfig.parse({ kind: "nats", name, servers: TEST_SERVERS, streams: [{ name: stream }], ...extra });
  const runApp = async () => {
    const app = await runAppConsumer(nats, stream, "app", (m) =>
      m.subject.endsWith(".poison") ? decide : "ack",
    );
    cleanups.push(() => app.stop());
    return app;
  };
  const publishPoison = async () => {
    const [ack] = await publishBurst({
      nats,
      subject: `${stream}.poison`,
      count: 1,
      body: () => JSON.stringify({ order: "poison" }),
      headers: () => ({ traceparent: TRACEPARENT }),
    });
    return ack?.seq ?? 0;
  };
  return { stream, name, config, runApp, publishPoison };
}

async function started(config: ReturnType<typeof natsConfig.parse>, sink: MemorySink) {
  const adapter = createNatsAdapter(config);
  await adapter.start(sink);
  cleanups.push(() => adapter.stop());
  return adapter;
}

/** Eventscope's advisory consumer: what it still holds unacknowledged or undelivered. */
async function advisoryBacklog(name: string) {
  const ci = await nats.jsm.consumers.info(advisoryStreamName(name), ownDurableName(name));
  return ci.num_ack_pending + ci.num_pending;
}

function reprocess(dl: ObservedDeadLetter, reprocessId: string): RepublishRequest {
  const headers: RepublishRequest["headers"] = {};
  for (const [k, v] of Object.entries(dl.message.headers)) if (typeof v === "string") headers[k] = v;
  return {
    reprocessId,
    destination: { channel: dl.originalChannel ?? "", subject: dl.originalSubject },
    headers,
    body: dl.message.body,
  };
}

describe("NATS adapter: dead letters from advisories", () => {
  it("turns a message nak'ed past max_deliver into a dead letter with the original, then acks the advisory", async () => {
    const t = await appWithPoison("nak");
    const sink = new MemorySink();
    await started(t.config(), sink);
    await t.runApp();
    const seq = await t.publishPoison();
    await sink.until((s) => s.deadLetters.length > 0, 15_000, "a dead letter");
    const [dl] = sink.deadLetters;
    expect(dl).toMatchObject({
      reason: "max_deliveries",
      originalChannel: t.stream,
      originalSubject: `${t.stream}.poison`,
      attempts: 2,
      dedupeKey: `${t.stream}:${seq}:app`,
    });
    expect(dl?.message.channel).toBe(deadLetterChannel(t.stream));
    expect(JSON.parse(dl?.message.body.toString() ?? "")).toEqual({ order: "poison" });
    expect(dl?.message.headers.traceparent).toBe(TRACEPARENT);
    await waitFor(async () => (await advisoryBacklog(t.name)) === 0, "the advisory to be acked");
  });

  it("turns a term()inated message into a dead letter", async () => {
    const t = await appWithPoison("term");
    const sink = new MemorySink();
    await started(t.config(), sink);
    await t.runApp();
    const seq = await t.publishPoison();
    await sink.until((s) => s.deadLetters.length > 0, 15_000, "a dead letter");
    expect(sink.deadLetters[0]).toMatchObject({
      reason: "terminated",
      attempts: 1,
      dedupeKey: `${t.stream}:${seq}:app`,
    });
    expect(sink.deadLetters[0]?.error).toMatch(/app terminated it/);
  });

  it("keeps the advisory while the server has not stored it, and offers it again after a restart", async () => {
    const t = await appWithPoison("nak");
    const held = new MemorySink();
    held.hold();
    const first = await started(t.config(), held);
    await t.runApp();
    await t.publishPoison();
    await held.until((s) => s.deadLetters.length > 0, 15_000, "a dead letter");
    expect(await advisoryBacklog(t.name)).toBe(1);
    await first.stop();
    held.failHeld();

    const sink = new MemorySink();
    await started(t.config(), sink);
    await sink.until((s) => s.deadLetters.length > 0, 15_000, "the dead letter again");
    expect(sink.deadLetters[0]?.dedupeKey).toBe(held.deadLetters[0]?.dedupeKey);
    await waitFor(async () => (await advisoryBacklog(t.name)) === 0, "the advisory to be acked");
    expect(sink.deadLetters).toHaveLength(1);
  });

  it("offers a dead letter again after the sink refused it", async () => {
    const t = await appWithPoison("nak");
    const sink = new MemorySink();
    sink.hold();
    await started(t.config(), sink);
    await t.runApp();
    await t.publishPoison();
    await sink.until((s) => s.deadLetters.length === 1, 15_000, "a dead letter");
    sink.failHeld();
    await sink.until((s) => s.deadLetters.length === 2, 20_000, "the refused dead letter again");
    expect(sink.deadLetters[1]?.dedupeKey).toBe(sink.deadLetters[0]?.dedupeKey);
    await waitFor(async () => (await advisoryBacklog(t.name)) === 0, "the advisory to be acked");
  });

  it("keeps advisories while the collector is down, and records one whose original is gone", async () => {
    const t = await appWithPoison("nak");
    const setupOnly = createNatsAdapter(t.config());
    await setupOnly.start(new MemorySink());
    await setupOnly.stop();
    const app = await t.runApp();
    const seq = await t.publishPoison();
    const advisories = advisoryStreamName(t.name);
    await waitFor(
      async () => (await nats.jsm.streams.info(advisories)).state.messages === 1,
      "the advisory stored",
    );
    await app.stop();
    await nats.jsm.streams.deleteMessage(t.stream, seq);

    const sink = new MemorySink();
    await started(t.config(), sink);
    await sink.until((s) => s.deadLetters.length > 0, 15_000, "a dead letter");
    const [dl] = sink.deadLetters;
    expect(dl?.message.body.length).toBe(0);
    expect(dl?.error).toMatch(/no longer in the stream/);
    expect(dl?.dedupeKey).toBe(`${t.stream}:${seq}:app`);
    await waitFor(async () => (await advisoryBacklog(t.name)) === 0, "the advisory to be acked");
  });
});

describe("NATS adapter: republish", () => {
  it("puts a dead letter back on its subject once, even when asked twice with one reprocess id", async () => {
    const t = await appWithPoison("nak");
    const sink = new MemorySink();
    const adapter = await started(t.config(), sink);
    await t.runApp();
    const seq = await t.publishPoison();
    await sink.until((s) => s.deadLetters.length > 0, 15_000, "a dead letter");
    const dl = sink.deadLetters[0];
    if (!dl) throw new Error("no dead letter");

    const req = reprocess(dl, `rp-${t.stream}`);
    await adapter.republish(req);
    await adapter.republish(req);
    const info = await nats.jsm.streams.info(t.stream);
    expect(info.state.last_seq).toBe(seq + 1);
    const copy = await nats.jsm.streams.getMessage(t.stream, { seq: seq + 1 });
    expect(copy?.subject).toBe(`${t.stream}.poison`);
    expect(copy?.header.get(REPROCESS_ID_HEADER)).toBe(req.reprocessId);
    expect(copy?.header.get("traceparent")).toBe(TRACEPARENT);
    expect(copy?.header.get("Nats-Msg-Id")).toBe(req.reprocessId);
    expect(Buffer.from(copy?.data ?? []).equals(dl.message.body)).toBe(true);

    // The observer sees the copy once (a sentinel after it proves nothing else follows).
    await publishBurst({ nats, subject: `${t.stream}.sentinel`, count: 1, body: () => "end" });
    await sink.until(
      (s) => s.messages.some((m) => m.subject === `${t.stream}.sentinel`),
      10_000,
      "the sentinel",
    );
    expect(sink.messages.filter((m) => m.headers[REPROCESS_ID_HEADER] === req.reprocessId)).toHaveLength(1);
  });

  it("rejects readably when no stream captures the subject", async () => {
    const t = await appWithPoison();
    const adapter = await started(t.config(), new MemorySink());
    const nowhere = `${uniqueName("NOWHERE")}.x`;
    await expect(
      adapter.republish({
        reprocessId: "rp-x",
        destination: { channel: "NOWHERE", subject: nowhere },
        headers: {},
        body: Buffer.from("x"),
      }),
    ).rejects.toThrow(`no JetStream stream captures subject "${nowhere}"`);
  });
});

describe("NATS adapter: DLQ streams", () => {
  it("drains a DLQ stream an application republishes into, acking once stored", async () => {
    const t = await appWithPoison();
    const dlq = `${t.stream}_DLQ`;
    await createAppStream(nats, { stream: dlq });
    cleanups.push(() => deleteStreams(nats, [dlq]));
    await publishBurst({
      nats,
      subject: `${dlq}.orders`,
      count: 2,
      body: (i) => `failed ${i}`,
      headers: () => ({ "Nats-Stream": t.stream, "Nats-Subject": `${t.stream}.created` }),
    });
    const sink = new MemorySink();
    await started(t.config({ deadLetters: { advisories: false, streams: [dlq] } }), sink);
    await sink.until((s) => s.deadLetters.length === 2, 15_000, "2 dead letters");
    expect(
      sink.deadLetters.map((d) => [d.dedupeKey, d.message.channel, d.originalChannel, d.originalSubject]),
    ).toEqual([
      [`${dlq}:1`, dlq, t.stream, `${t.stream}.created`],
      [`${dlq}:2`, dlq, t.stream, `${t.stream}.created`],
    ]);
    await waitFor(async () => {
      const ci = await nats.jsm.consumers.info(dlq, ownDurableName(t.name));
      return ci.ack_floor.stream_seq === 2;
    }, "both acked");
  });
});
