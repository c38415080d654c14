// Bulk writing against real Postgres: duplicates, rollups of new rows only, deliveries, dead
// letters, concurrency, and what the live hub hears.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCollectorToken } from "@/lib/auth/collector-tokens";
import { pool } from "@/lib/db/client";
import { postIngest } from "@/lib/ingest/ingest-test-client";
import { makeDeadLetter, makeDelivery, makeEvent, recentIso } from "@/lib/ingest/test-factories";
import { bucketIndex } from "@/lib/latency/buckets";
import type { IngestedBatch } from "@/lib/live/events";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

let db: TestDatabase;
let token: string;

beforeAll(async () => {
  db = await createTestDatabase();
  token = (await createCollectorToken("store-test")).token;
});
afterAll(async () => db.drop());

async function one<T>(sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await pool().query(sql, params);
  return rows[0] as T;
}

async function rollup(
  edge: string,
  channel: string,
): Promise<{ count: number; bytes: number; errors: number; latency: number[] } | undefined> {
  return one(
    `SELECT sum(count)::int AS count, sum(bytes)::int AS bytes, sum(errors)::int AS errors, es_hist_sum(latency) AS latency
     FROM rollup_minute r JOIN channels c ON c.id = r.channel_id WHERE r.edge = $1 AND c.name = $2 HAVING count(*) > 0`,
    [edge, channel],
  );
}

describe("duplicates", () => {
  it("counts a message id repeated within a batch and across batches, storing one row", async () => {
    const at = recentIso(0);
    const first = await postIngest(
      {
        events: [
          makeEvent({ id: "dup-1", channel: "dups", publishedAt: at }),
          makeEvent({ id: "dup-1", channel: "dups", publishedAt: at }),
        ],
      },
      { token },
    );
    expect(first.body).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
    const again = await postIngest(
      {
        events: [
          makeEvent({ id: "dup-1", channel: "dups", publishedAt: at }),
          makeEvent({ id: "dup-2", channel: "dups", publishedAt: at }),
        ],
      },
      { token },
    );
    expect(again.body).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
    expect(await one(`SELECT count(*)::int AS n FROM messages WHERE message_id = 'dup-1'`)).toEqual({ n: 1 });
    expect((await rollup("produce", "dups"))?.count).toBe(2);
  });
});

describe("rollups", () => {
  it("count only newly stored rows: the same batch twice leaves them unchanged", async () => {
    const base = Date.now() - 30 * 60_000;
    const events = [0, 1, 2, 3].map((i) =>
      makeEvent({
        id: `r-${i}`,
        channel: "rolled",
        publishedAt: new Date(base + i).toISOString(),
        observedAt: new Date(base + i + 10 ** i).toISOString(),
        size: 100,
      }),
    );
    expect((await postIngest({ events }, { token })).body).toEqual({
      accepted: 4,
      duplicates: 0,
      rejected: [],
    });
    const after1 = await rollup("produce", "rolled");
    expect((await postIngest({ events }, { token })).body).toEqual({
      accepted: 0,
      duplicates: 4,
      rejected: [],
    });
    const after2 = await rollup("produce", "rolled");
    expect(after2).toEqual(after1);
    expect(after1).toMatchObject({ count: 4, bytes: 400, errors: 0 });
    // Latencies 1, 10, 100 and 1000 ms, each in its own log bucket.
    const hist = after1!.latency;
    for (const ms of [1, 10, 100, 1000]) expect(hist[bucketIndex(ms)]).toBe(1);
    expect(hist.reduce((a, b) => a + b, 0)).toBe(4);
  });
});

describe("deliveries", () => {
  it("stores deliveries once, borrowing type and publish time from the message, errors for nacks", async () => {
    const published = recentIso(0);
    await postIngest(
      { events: [makeEvent({ id: "d-msg", channel: "deliv", type: "Shipped", publishedAt: published })] },
      { token },
    );
    const deliveredAt = new Date(Date.parse(published) + 40).toISOString();
    const deliveries = [
      makeDelivery({ messageId: "d-msg", channel: "deliv", consumer: "mailer", deliveredAt, outcome: "ack" }),
      makeDelivery({
        messageId: "d-msg",
        channel: "deliv",
        consumer: "billing",
        deliveredAt,
        outcome: "nack",
        publishedAt: published,
      }),
      makeDelivery({
        messageId: "d-msg",
        channel: "deliv",
        consumer: "billing",
        deliveredAt,
        outcome: "ack",
        attempt: 2,
        type: "Shipped",
      }),
    ];
    expect((await postIngest({ deliveries }, { token })).body).toEqual({
      accepted: 3,
      duplicates: 0,
      rejected: [],
    });
    expect((await postIngest({ deliveries }, { token })).body).toEqual({
      accepted: 0,
      duplicates: 3,
      rejected: [],
    });
    const stored = await pool().query(
      `SELECT s.name AS consumer, d.attempt, d.outcome FROM deliveries d JOIN services s ON s.id = d.consumer_id ORDER BY 1, 2`,
    );
    expect(stored.rows).toEqual([
      { consumer: "billing", attempt: 1, outcome: "nack" },
      { consumer: "billing", attempt: 2, outcome: "ack" },
      { consumer: "mailer", attempt: 1, outcome: "ack" },
    ]);
    const r = await rollup("consume", "deliv");
    expect(r).toMatchObject({ count: 3, errors: 1 });
    expect(r!.latency[bucketIndex(40)]).toBe(3);
    const types = await one<{ types: string[] }>(
      `SELECT array_agg(DISTINCT t.name) AS types FROM rollup_minute r JOIN event_types t ON t.id = r.event_type_id WHERE r.edge = 'consume'`,
    );
    expect(types.types).toEqual(["Shipped"]);
  });
});

describe("processing and end-to-end latency", () => {
  it("adds deliver → ack and publish → ack histograms on consume edges, none without an ack time", async () => {
    const published = recentIso(0);
    const publishedMs = Date.parse(published);
    await postIngest(
      { events: [makeEvent({ id: "p-msg", channel: "proc", publishedAt: published })] },
      { token },
    );
    const at = (ms: number) => new Date(publishedMs + ms).toISOString();
    await postIngest(
      {
        deliveries: [
          makeDelivery({
            messageId: "p-msg",
            channel: "proc",
            consumer: "fast",
            deliveredAt: at(10),
            ackedAt: at(30),
          }),
          makeDelivery({
            messageId: "p-msg",
            channel: "proc",
            consumer: "slow",
            deliveredAt: at(10),
            ackedAt: at(510),
          }),
          makeDelivery({
            messageId: "p-msg",
            channel: "proc",
            consumer: "unacked",
            deliveredAt: at(10),
            outcome: "pending",
          }),
        ],
      },
      { token },
    );
    const r = await one<{ process: number[]; e2e: number[]; n: number }>(
      `SELECT es_hist_sum(process_latency) AS process, es_hist_sum(e2e_latency) AS e2e, sum(count)::int AS n
       FROM rollup_minute r JOIN channels c ON c.id = r.channel_id WHERE r.edge = 'consume' AND c.name = 'proc'`,
    );
    expect(r.n).toBe(3);
    expect(r.process.reduce((a, b) => a + b, 0)).toBe(2);
    expect(r.process[bucketIndex(20)]).toBe(1);
    expect(r.process[bucketIndex(500)]).toBe(1);
    expect(r.e2e.reduce((a, b) => a + b, 0)).toBe(2);
    expect(r.e2e[bucketIndex(30)]).toBe(1);
    expect(r.e2e[bucketIndex(510)]).toBe(1);
  });
});

describe("dead letters", () => {
  it("are stored once when resent, with exact bytes, redacted headers, a marked queue and a rollup", async () => {
    const bytes = Buffer.from([0x00, 0xff, 0x10, 0x80]);
    const items = [
      makeDeadLetter({
        id: "dl-1",
        channel: "pay.dlq",
        originalChannel: "pay",
        payload: bytes.toString("base64"),
        payloadEncoding: "base64",
      }),
      makeDeadLetter({ id: "dl-2", channel: "pay.dlq", originalChannel: "pay", type: "PaymentFailed" }),
    ];
    expect((await postIngest({ deadLetters: items }, { token })).body).toEqual({
      accepted: 2,
      duplicates: 0,
      rejected: [],
    });
    expect((await postIngest({ deadLetters: items }, { token })).body).toEqual({
      accepted: 0,
      duplicates: 2,
      rejected: [],
    });
    const rows = await pool().query<{
      dedupe_key: string;
      payload: Buffer;
      headers: unknown;
      state: string;
      original: string;
    }>(
      `SELECT d.dedupe_key, d.payload, d.headers, d.state, o.name AS original FROM dead_letters d JOIN channels o ON o.id = d.original_channel_id ORDER BY 1`,
    );
    expect(rows.rows.map((r) => r.dedupe_key)).toEqual(["dl-1", "dl-2"]);
    expect(rows.rows[0]!.payload.equals(bytes)).toBe(true);
    expect(rows.rows[1]!.payload.toString()).toBe('{"orderId":"x"}');
    expect(rows.rows[0]).toMatchObject({
      headers: { "x-death": "1", authorization: "[redacted]" },
      state: "pending",
      original: "pay",
    });
    expect(
      await one(
        `SELECT is_dead_letter, (SELECT name FROM channels o WHERE o.id = c.dead_letter_of_id) AS of FROM channels c WHERE name = 'pay.dlq'`,
      ),
    ).toEqual({
      is_dead_letter: true,
      of: "pay",
    });
    expect(await rollup("dead_letter", "pay")).toMatchObject({ count: 2, bytes: 4 + 15 });
    expect(await one(`SELECT count(*)::int AS n FROM event_types WHERE name = 'PaymentFailed'`)).toEqual({
      n: 1,
    });
  });
});

describe("concurrency", () => {
  it("stores 4 concurrent overlapping batches exactly once, with exact rollups", async () => {
    const base = Date.now() - 20 * 60_000;
    // Batch k holds ids 100k … 100k+199: each id sits in two batches (except the ends), 500 unique.
    // Alternate batches list them in opposite orders, the classic recipe for a deadlock.
    const batches = [0, 1, 2, 3].map((k) => {
      const events = Array.from({ length: 200 }, (_, j) => {
        const n = 100 * k + j;
        return makeEvent({
          id: `c-${n}`,
          channel: `conc-${n % 3}`,
          type: `T${n % 5}`,
          producer: `p${n % 2}`,
          publishedAt: new Date(base + n * 1000).toISOString(),
          size: 10,
        });
      });
      return { events: k % 2 ? events.reverse() : events };
    });
    const results = await Promise.all(batches.map((b) => postIngest(b, { token })));
    expect(results.every((r) => r.status === 202)).toBe(true);
    const accepted = results.reduce((sum, r) => sum + (r.body.accepted as number), 0);
    const duplicates = results.reduce((sum, r) => sum + (r.body.duplicates as number), 0);
    expect([accepted, duplicates]).toEqual([500, 300]);
    expect(await one(`SELECT count(*)::int AS n FROM messages WHERE message_id LIKE 'c-%'`)).toEqual({
      n: 500,
    });
    const totals = await one<{ count: number; bytes: number }>(
      `SELECT sum(count)::int AS count, sum(bytes)::int AS bytes FROM rollup_minute r JOIN channels c ON c.id = r.channel_id WHERE c.name LIKE 'conc-%' AND r.edge = 'produce'`,
    );
    expect(totals).toEqual({ count: 500, bytes: 5000 });
  });
});

describe("live hub and last seen", () => {
  it("reports only stored rows to the hub, newest 100, and touches last_seen_at", async () => {
    const received: IngestedBatch[] = [];
    const g = globalThis as { __eventscopeLiveHub?: { recordIngest: (b: IngestedBatch) => void } };
    g.__eventscopeLiveHub = { recordIngest: (b) => received.push(b) };
    // A channel last seen an hour ago, that this process has not touched (touches are throttled in memory).
    await pool().query(
      `INSERT INTO channels (broker_id, name, last_seen_at) SELECT id, 'seen', now() - interval '1 hour' FROM brokers WHERE name = 'rabbit'`,
    );
    try {
      const base = Date.now() - 10 * 60_000;
      const events = Array.from({ length: 120 }, (_, i) =>
        makeEvent({
          id: `live-${i}`,
          channel: i === 0 ? "seen" : "orders",
          publishedAt: new Date(base + i).toISOString(),
        }),
      );
      await postIngest({ events: events.slice(0, 5) }, { token });
      await postIngest({ events }, { token });
    } finally {
      delete g.__eventscopeLiveHub;
    }
    expect(received.map((b) => [b.events.length, b.duplicates, b.deliveries, b.deadLetters])).toEqual([
      [5, 0, 0, 0],
      [100, 5, 0, 0],
    ]);
    // Counted in full, though only the newest 100 are listed: the hub's rates and totals.
    expect(received.map((b) => [b.total, b.channels])).toEqual([
      [
        5,
        [
          ["rabbit", "seen", 1],
          ["rabbit", "orders", 4],
        ],
      ],
      [115, [["rabbit", "orders", 115]]],
    ]);
    expect(received[1]!.events[0]).toMatchObject({
      id: "live-119",
      broker: "rabbit",
      channel: "orders",
      type: "OrderPlaced",
      producer: "checkout",
    });
    expect(
      received[1]!.events.some((e) => ["live-0", "live-1", "live-2", "live-3", "live-4"].includes(e.id)),
    ).toBe(false);
    expect(
      await one(
        `SELECT last_seen_at > now() - interval '1 minute' AS fresh FROM channels WHERE name = 'seen'`,
      ),
    ).toEqual({ fresh: true });
  });
});
