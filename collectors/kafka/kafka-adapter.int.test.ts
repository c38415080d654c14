// The Kafka adapter against a real broker (where KAFKA_BROKERS is set), and against no broker at all.
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { BrokerAdapter } from "@/collectors/core/adapter";
import { MemorySink } from "@/collectors/core/testing/memory-sink";
import { kafkaConfig, type KafkaConfigInput } from "@/collectors/kafka/config";
import { createKafkaAdapter } from "@/collectors/kafka/kafka-adapter";
import {
  brokerList,
  committedOffsets,
  createTopics,
  deleteTopics,
  publishBurst,
  readTopic,
  springDeadLetterHeaders,
  startAppConsumer,
  uniqueName,
} from "@/collectors/kafka/testing";

const KAFKA = process.env.KAFKA_BROKERS;
const brokers = KAFKA ? brokerList(KAFKA) : [];

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

async function started(
  input: Omit<KafkaConfigInput, "kind" | "brokers">,
  sink: MemorySink,
): Promise<BrokerAdapter> {
  const adapter = createKafkaAdapter(
    kafkaConfig.parse({ kind: "kafka", brokers, pollIntervalMs: 500, ...input }),
  );
  await adapter.start(sink);
  cleanups.push(() => adapter.stop());
  return adapter;
}

async function topics(names: string[], partitions = 1): Promise<void> {
  await createTopics(brokers, names, partitions);
  cleanups.push(() => deleteTopics(brokers, names));
}

/** Events are observed from the latest offset on a new group: publish until one is seen, so the burst after it is all after our start. */
async function warmUp(topic: string, sink: MemorySink): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!sink.messages.some((m) => m.headers["warm-up"] !== undefined)) {
    if (Date.now() > deadline) throw new Error("the adapter never observed a warm-up record");
    await publishBurst({
      brokers,
      topic,
      count: 1,
      value: () => Buffer.from("warm-up"),
      headers: () => new Map([[Buffer.from("warm-up"), Buffer.from("1")]]),
    });
    await sink
      .until((s) => s.messages.some((m) => m.headers["warm-up"] !== undefined), 1000)
      .catch(() => undefined);
  }
}

const sum = (m: Map<number, bigint>) => [...m.values()].reduce((a, b) => a + b, 0n);

describe("Kafka adapter — no broker", () => {
  it("rejects start readably, naming the brokers and not the password", async () => {
    const adapter = createKafkaAdapter(
      kafkaConfig.parse({
        kind: "kafka",
        brokers: ["127.0.0.1:1"],
        topics: ["orders"],
        connectTimeoutMs: 1000,
        sasl: { mechanism: "plain", username: "svc", password: "hunter2-secret" },
      }),
    );
    const sink = new MemorySink();
    const err = await adapter.start(sink).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(
      /^Kafka at 127\.0\.0\.1:1: brokers unreachable: .*ECONNREFUSED 127\.0\.0\.1:1/,
    );
    expect(err?.message).not.toContain("hunter2-secret");
    expect(sink.disconnects).toEqual([]);
    await adapter.stop(); // stopping a never-started adapter is harmless
    await expect(
      adapter.republish({
        reprocessId: "r",
        destination: { channel: "orders" },
        headers: {},
        body: Buffer.alloc(0),
      }),
    ).rejects.toThrow("the Kafka adapter is not running");
  });
});

describe.skipIf(!KAFKA)("Kafka adapter — broker at KAFKA_BROKERS", () => {
  it("observes every record with its own group, leaving the application's group untouched, and reports its lag", async () => {
    const topic = uniqueName("orders");
    const appGroup = uniqueName("billing");
    const ownGroup = uniqueName("eventscope");
    await topics([topic], 3);
    const app = await startAppConsumer(brokers, appGroup, [topic]);
    cleanups.push(() => app.stop());
    const sink = new MemorySink();
    await started({ topics: [topic], groupId: ownGroup, lagGroups: [appGroup] }, sink);
    await warmUp(topic, sink);

    const N = 300;
    await publishBurst({
      brokers,
      topic,
      count: N,
      key: (i) => Buffer.from(`order-${i}`),
      value: (i) => (i === 7 ? null : Buffer.from(JSON.stringify({ i }))),
      headers: (i) => new Map([[Buffer.from("seq"), Buffer.from(String(i))]]),
    });
    const burst = () => sink.messages.filter((m) => m.headers.seq !== undefined);
    await sink.until(() => burst().length >= N, 30_000, `${N} observed records`);
    const hasSeq = (headers: Map<Buffer, Buffer>) => [...headers.keys()].some((k) => k.toString() === "seq");
    await sink.until(
      () => app.received.filter((m) => hasSeq(m.headers)).length >= N,
      30_000,
      "the app's records",
    );

    const seen = burst();
    expect(seen).toHaveLength(N); // no duplicates in a fault-free run
    expect(new Set(seen.map((m) => m.brokerId)).size).toBe(N);
    const seven = seen.find((m) => (m.headers.seq as Buffer).toString() === "7");
    expect(seven?.headers["kafka.tombstone"]).toBe(true);
    expect(seven?.body).toEqual(Buffer.alloc(0));
    const one = seen.find((m) => (m.headers.seq as Buffer).toString() === "1");
    expect(one).toMatchObject({ channel: topic, subject: topic, body: Buffer.from('{"i":1}') });
    expect(one?.headers["kafka.key"]).toEqual(Buffer.from("order-1"));
    expect(one?.brokerId).toMatch(new RegExp(`^${topic}/[0-2]/\\d+$`));
    expect(one?.publishedAt).toBeInstanceOf(Date);

    // A record carrying Spring's dead-letter headers on an ordinary topic is a dead letter, not an event.
    await publishBurst({
      brokers,
      topic,
      count: 1,
      value: () => Buffer.from("failed"),
      headers: () => springDeadLetterHeaders("upstream", "nope"),
    });
    await sink.until((s) => s.deadLetters.length === 1, 30_000, "the header-marked dead letter");
    expect(sink.deadLetters[0]).toMatchObject({ originalChannel: "upstream", message: { channel: topic } });
    expect(sink.messages.filter((m) => m.body.equals(Buffer.from("failed")))).toEqual([]);
    await sink.until(
      () => app.received.some((m) => m.value?.equals(Buffer.from("failed"))),
      30_000,
      "the app's copy",
    );

    // The app stops; what it committed must stay exactly as it left it while Eventscope reads on.
    await app.stop();
    cleanups.pop();
    const appCommitted = await committedOffsets(brokers, appGroup, topic);
    const M = 25;
    await publishBurst({
      brokers,
      topic,
      count: M,
      value: (i) => Buffer.from(`late-${i}`),
      headers: () => new Map([[Buffer.from("late"), Buffer.from("1")]]),
    });
    await sink.until(
      () => sink.messages.filter((m) => m.headers.late !== undefined).length >= M,
      30_000,
      "late records",
    );
    await sink.until(
      () => sink.gauge(topic, "lag", appGroup) === M,
      30_000,
      `lag ${M} for the stopped app group`,
    );
    expect(await committedOffsets(brokers, appGroup, topic)).toEqual(appCommitted);

    // Eventscope's own group commits everything it handed to the sink: up to the end of the topic,
    // which is where the app had read to, plus the late records and the dead letter.
    await expect
      .poll(async () => sum(await committedOffsets(brokers, ownGroup, topic)), { timeout: 15_000 })
      .toBe(sum(appCommitted) + BigInt(M));
  });

  it("takes dead letters in, commits one only after the sink confirmed it, and never counts it as an event", async () => {
    const topic = uniqueName("payments");
    const dlt = `${topic}-dlt`;
    const ownGroup = uniqueName("eventscope");
    await topics([topic, dlt]);
    await publishBurst({
      brokers,
      topic: dlt,
      count: 1,
      key: () => Buffer.from("pay-1"),
      value: () => Buffer.from('{"id":1}'),
      headers: () => springDeadLetterHeaders(topic, "card declined"),
    });

    // 1. Held by the "server", then the runtime stops: the dead letter must stay on Kafka.
    const sink1 = new MemorySink();
    sink1.hold();
    const a1 = await started({ topics: [topic], groupId: ownGroup }, sink1);
    await sink1.until((s) => s.deadLetters.length === 1, 30_000, "the dead letter");
    expect(sink1.deadLetters[0]).toMatchObject({
      originalChannel: topic,
      originalSubject: "pay-1",
      reason: "error",
      attempts: 1,
      dedupeKey: `${dlt}/0/0`,
      error: `java.lang.IllegalStateException: card declined\n(from ${topic}/0/17)`,
    });
    expect(sink1.messages.filter((m) => m.channel === dlt)).toEqual([]);
    sink1.failHeld();
    await a1.stop();
    const dlGroup = `${ownGroup}-dead-letters`;
    expect((await committedOffsets(brokers, dlGroup, dlt)).get(0) ?? -1n).toBeLessThan(1n);

    // 2. A new run reads it again; confirmed this time, so it is committed.
    const sink2 = new MemorySink();
    const a2 = await started({ topics: [topic], groupId: ownGroup }, sink2);
    await sink2.until((s) => s.deadLetters.length === 1, 30_000, "the dead letter again");
    expect(sink2.deadLetters[0]?.dedupeKey).toBe(`${dlt}/0/0`);
    await expect
      .poll(async () => (await committedOffsets(brokers, dlGroup, dlt)).get(0), { timeout: 15_000 })
      .toBe(1n);
    await a2.stop();

    // 3. The next run gets only what came after it.
    await publishBurst({
      brokers,
      topic: dlt,
      count: 1,
      value: () => Buffer.from('{"id":2}'),
      headers: () => springDeadLetterHeaders(topic, "again"),
    });
    const sink3 = new MemorySink();
    await started({ topics: [topic], groupId: ownGroup }, sink3);
    await sink3.until((s) => s.deadLetters.length === 1, 30_000, "the second dead letter");
    expect(sink3.deadLetters.map((d) => d.dedupeKey)).toEqual([`${dlt}/0/1`]);
  });

  it("republishes once, keyed by the subject and stamped with the reprocess id", async () => {
    const topic = uniqueName("refunds");
    await topics([topic]);
    const sink = new MemorySink();
    const adapter = await started({ topics: [topic], groupId: uniqueName("eventscope") }, sink);
    const reprocessId = randomUUID();
    await adapter.republish({
      reprocessId,
      destination: { channel: topic, subject: "refund-9" },
      headers: {
        traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "kafka_dlt-exception-message": "boom",
      },
      body: Buffer.from('{"refund":9}'),
      contentType: "application/json",
    });
    const records = await readTopic(brokers, topic, 2, 5000);
    expect(records).toHaveLength(1);
    const [r] = records;
    expect(r?.key).toEqual(Buffer.from("refund-9"));
    expect(r?.value).toEqual(Buffer.from('{"refund":9}'));
    const headers = Object.fromEntries([...(r?.headers ?? [])].map(([k, v]) => [k.toString(), v.toString()]));
    expect(headers).toEqual({
      traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "content-type": "application/json",
      "x-eventscope-reprocess-id": reprocessId,
    });
    await expect(
      adapter.republish({
        reprocessId: randomUUID(),
        destination: { channel: uniqueName("no-such-topic") },
        headers: {},
        body: Buffer.from("x"),
      }),
    ).rejects.toThrow(/^Kafka at .*: republishing to topic es-test-no-such-topic-\w+ failed: /);
  });
});
