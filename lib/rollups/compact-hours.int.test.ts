// The hourly compaction against real Postgres, fed through real ingest: hours hold exactly the sums
// of their minutes, the flow graph reads the same numbers before and after compaction, a late row
// in a compacted hour marks it dirty and the next run repairs it, and runs are repeatable.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCollectorToken } from "@/lib/auth/collector-tokens";
import { pool } from "@/lib/db/client";
import { getFlowGraph } from "@/lib/flows/get-flow-graph";
import { postIngest } from "@/lib/ingest/ingest-test-client";
import { makeDelivery, makeEvent } from "@/lib/ingest/test-factories";
import { latencyQuerySchema } from "@/lib/latency/latency-schemas";
import { queryLatency } from "@/lib/latency/query-latency";
import { compactHours } from "@/lib/rollups/compact-hours";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

let db: TestDatabase;
let token: string;
const HOUR = 3_600_000;
const now = Date.now();
const at = (agoMs: number) => new Date(now - agoMs).toISOString();

beforeAll(async () => {
  db = await createTestDatabase();
  token = (await createCollectorToken("compaction-test")).token;
});
afterAll(async () => db.drop());

async function send(id: string, agoMs: number, consumers: string[] = ["billing", "mailer"]): Promise<void> {
  const publishedAt = at(agoMs);
  const res = await postIngest(
    {
      events: [makeEvent({ id, channel: "orders", type: "OrderPlaced", publishedAt })],
      deliveries: consumers.map((consumer, k) =>
        makeDelivery({
          messageId: id,
          channel: "orders",
          consumer,
          publishedAt,
          deliveredAt: at(agoMs - 20 - 30 * k),
          ackedAt: at(agoMs - 50 - 30 * k),
          outcome: k === 1 ? "nack" : "ack",
        }),
      ),
    },
    { token },
  );
  expect(res.body).toEqual({ accepted: 1 + consumers.length, duplicates: 0, rejected: [] });
}

/** The parts of the 24 h graph that do not depend on when it is read (rates do). */
async function graphNumbers() {
  const g = await getFlowGraph("24h");
  return g.edges
    .map((e) => ({
      id: e.id,
      count: e.count,
      errors: e.errors,
      bytes: e.bytes,
      latency: e.latency,
      e2e: e.e2e,
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

async function hourSums() {
  const { rows } = await pool().query(
    `SELECT m.hour, m.edge, m.count, m.errors, m.bytes, m.latency, m.e2e, h.count AS h_count, h.errors AS h_errors,
            h.bytes AS h_bytes, h.latency AS h_latency, h.e2e_latency AS h_e2e
     FROM (SELECT date_trunc('hour', minute) AS hour, edge, channel_id, event_type_id, service_id,
                  sum(count)::int AS count, sum(errors)::int AS errors, sum(bytes)::int AS bytes,
                  es_hist_sum(latency) AS latency, es_hist_sum(e2e_latency) AS e2e
           FROM rollup_minute WHERE minute < (SELECT date_trunc('hour', through) FROM rollup_watermark WHERE name = 'hour')
           GROUP BY 1, 2, 3, 4, 5) m
     LEFT JOIN rollup_hour h USING (hour, edge, channel_id, event_type_id, service_id)
     ORDER BY 1, 2`,
  );
  return rows as Record<string, unknown>[];
}

describe("hourly rollup compaction", () => {
  it("keeps every number of the flow graph while moving complete hours into rollup_hour", async () => {
    for (let i = 0; i < 6; i++) await send(`h3-${i}`, 3 * HOUR + i * 60_000);
    for (let i = 0; i < 4; i++) await send(`h2-${i}`, 2 * HOUR + i * 60_000, ["billing"]);
    await send("fresh", 10_000);
    const before = await graphNumbers();
    expect(before.find((e) => e.id.startsWith("produce:"))?.count).toBe(11);
    // A week of latency steps by whole hours, so after compaction it reads rollup_hour.
    const week = latencyQuerySchema.parse({ type: "OrderPlaced", range: "7d", compare: "1" });
    const latencyBefore = await queryLatency(week, now);
    expect(latencyBefore.summary.count).toBe(18); // deliveries: 6 × 2 + 4 × 1 + 2
    // After compaction these read latency_minute (1-minute steps, every type; 5-minute steps merged).
    const sixHoursAll = latencyQuerySchema.parse({ range: "6h", hop: "e2e", compare: "1" });
    const day = latencyQuerySchema.parse({ type: "OrderPlaced", range: "24h", hop: "deliver" });
    const minutesBefore = await queryLatency(sixHoursAll, now);
    const dayBefore = await queryLatency(day, now);
    expect(minutesBefore.summary.samples).toBe(18); // every delivery has an ack time

    const run = await compactHours(new Date());
    expect(run).toMatchObject({ hours: expect.any(Number) });
    const hours = await hourSums();
    expect(hours.length).toBeGreaterThan(0);
    for (const h of hours) {
      expect(Number(h.h_count)).toBe(h.count);
      expect(Number(h.h_errors)).toBe(h.errors);
      expect(Number(h.h_bytes)).toBe(h.bytes);
      expect(h.h_latency).toEqual(h.latency);
      expect(h.h_e2e).toEqual(h.e2e);
    }
    expect(await graphNumbers()).toEqual(before);
    expect(await queryLatency(week, now)).toEqual(latencyBefore);
    const { rows: rolled } = await pool().query<{ minutes: number; hours: number }>(
      "SELECT (SELECT count(*)::int FROM latency_minute) AS minutes, (SELECT count(*)::int FROM latency_hour) AS hours",
    );
    expect(rolled[0]!.minutes).toBeGreaterThan(0);
    expect(rolled[0]!.hours).toBeGreaterThan(0);
    expect(await queryLatency(sixHoursAll, now)).toEqual(minutesBefore);
    expect(await queryLatency(day, now)).toEqual(dayBefore);
    // Repeating a run changes nothing.
    await compactHours(new Date());
    expect(await graphNumbers()).toEqual(before);
  });

  it("recomputes an hour that received a late row after it was compacted", async () => {
    await compactHours(new Date());
    const week = latencyQuerySchema.parse({ type: "OrderPlaced", range: "7d" });
    const latencyBefore = await queryLatency(week); // now closed time: cached in process
    const sixHours = latencyQuerySchema.parse({ type: "OrderPlaced", range: "6h" }); // 1-minute steps
    const minutesBefore = await queryLatency(sixHours);
    const versionOfLateHour = async () =>
      (
        await pool().query<{ version: number }>(
          "SELECT version FROM rollup_hour_version WHERE hour = date_trunc('hour', $1::timestamptz)",
          [at(3 * HOUR + 30 * 60_000)],
        )
      ).rows[0]?.version ?? 0;
    // (The first run may have versioned that hour already: rows ingested old are marked dirty.)
    const versionBefore = await versionOfLateHour();
    await send("late-1", 3 * HOUR + 30 * 60_000);
    const { rows: dirty } = await pool().query<{ n: number }>(
      "SELECT count(*)::int AS n FROM rollup_hour_dirty",
    );
    expect(dirty[0]!.n).toBe(1);
    await compactHours(new Date());
    const { rows: after } = await pool().query<{ n: number }>(
      "SELECT count(*)::int AS n FROM rollup_hour_dirty",
    );
    expect(after[0]!.n).toBe(0);
    for (const h of await hourSums()) expect(Number(h.h_count)).toBe(h.count);
    const produce = (await graphNumbers()).find((e) => e.id.startsWith("produce:"));
    expect(produce?.count).toBe(12);
    // The recomputed hour's version moved, so the cached answers covering it were dropped.
    expect(await versionOfLateHour()).toBe(versionBefore + 1);
    expect((await queryLatency(week)).summary.count).toBe(latencyBefore.summary.count + 2);
    expect((await queryLatency(sixHours)).summary.count).toBe(minutesBefore.summary.count + 2);
  });

  it("marks nothing for fresh traffic", async () => {
    await compactHours(new Date());
    await send("fresh-2", 5_000);
    const { rows } = await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM rollup_hour_dirty");
    expect(rows[0]!.n).toBe(0);
  });
});
