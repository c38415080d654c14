// The latency rollups' closed chunks kept in process (lib/latency/latency-rollups.ts over
// lib/rollups/closed-cache.ts), on real Postgres with traffic through the real ingest path: answers
// served from the chunks equal those read afresh, for every kind of step grid; a cached chunk is
// really served from memory (a change made behind the compaction's back does not show); and a late
// event in a closed, cached minute shows as soon as the compaction has recomputed its hour.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCollectorToken } from "@/lib/auth/collector-tokens";
import { pool } from "@/lib/db/client";
import { postIngest } from "@/lib/ingest/ingest-test-client";
import { makeDelivery, makeEvent } from "@/lib/ingest/test-factories";
import { LATENCY_CHUNKS } from "@/lib/latency/latency-rollups";
import { latencyQuerySchema } from "@/lib/latency/latency-schemas";
import { queryLatency } from "@/lib/latency/query-latency";
import { compactHours } from "@/lib/rollups/compact-hours";
import { dropProcessCache } from "@/lib/rollups/closed-cache";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

const MIN = 60_000;
const HOUR = 60 * MIN;
const TYPE = "chunks.OrderPlaced";
const now = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();
/** A minute well inside closed time that has traffic (event c-3-1), where the late event goes. */
const LATE_MINUTE = Math.floor((now - 3 * HOUR + 15 * MIN) / MIN) * MIN;

let db: TestDatabase;
let token: string;

async function send(id: string, publishedMs: number, slowMs: number): Promise<void> {
  const res = await postIngest(
    {
      events: [makeEvent({ id, channel: "chunks.orders", type: TYPE, publishedAt: iso(publishedMs) })],
      deliveries: ["chunks-billing", "chunks-mailer"].map((consumer, k) =>
        makeDelivery({
          messageId: id,
          channel: "chunks.orders",
          consumer,
          publishedAt: iso(publishedMs),
          deliveredAt: iso(publishedMs + 5 + k * slowMs),
          ackedAt: iso(publishedMs + 25 + k * slowMs),
        }),
      ),
    },
    { token },
  );
  expect(res.body).toEqual({ accepted: 3, duplicates: 0, rejected: [] });
}

// Every kind of grid: 1-minute rows, merged 5-minute steps, plain hours, merged 2-hour steps from
// latency_hour, and a zoom whose 15-minute steps start 7 minutes past the quarter (its chunks do too).
const zoomTo = Math.floor(now / MIN) * MIN - 23 * MIN;
const QUERIES = {
  sixHours: { type: TYPE, range: "6h" },
  day: { type: TYPE, range: "24h", hop: "deliver", compare: "1" },
  weekAllTypes: { range: "7d", hop: "e2e" },
  weekByTwoHours: { type: TYPE, range: "7d", step: "120" },
  zoom: { type: TYPE, from: iso(zoomTo - 5 * HOUR - 8 * MIN), to: iso(zoomTo), step: "15" },
};
const parsed = Object.fromEntries(
  Object.entries(QUERIES).map(([name, q]) => [name, latencyQuerySchema.parse(q)]),
) as Record<keyof typeof QUERIES, ReturnType<typeof latencyQuerySchema.parse>>;

async function answers() {
  const out: Record<string, Awaited<ReturnType<typeof queryLatency>>> = {};
  for (const [name, q] of Object.entries(parsed)) out[name] = await queryLatency(q, now);
  return out;
}

async function freshAnswers() {
  dropProcessCache(LATENCY_CHUNKS);
  return answers();
}

beforeAll(async () => {
  db = await createTestDatabase();
  token = (await createCollectorToken("latency-chunks-test")).token;
  // Six hours of traffic, a few events an hour at odd minutes, slower as time goes on.
  for (let h = 6; h >= 1; h--)
    for (let k = 0; k < 4; k++) await send(`c-${h}-${k}`, now - h * HOUR + (k * 13 + 2) * MIN, 10 * h + k);
  await compactHours(new Date());
});
afterAll(async () => db.drop());

describe("the latency rollups' closed chunks", () => {
  it("answer what a fresh read of the rollups answers, for every step grid", async () => {
    const fresh = await freshAnswers();
    expect(fresh.sixHours!.summary.count).toBe(48);
    expect(fresh.weekAllTypes!.summary.samples).toBe(48);
    const warm = await answers(); // every closed chunk from memory now
    expect(warm).toEqual(fresh);
    expect(await freshAnswers()).toEqual(fresh);
  });

  it("are served from memory, and a late event in a cached minute shows once its hour is recomputed", async () => {
    const before = await answers();
    // Behind the compaction's back (no version moves): cached chunks do not see it.
    const edit = await pool().query(`UPDATE latency_minute SET count = count + 1000 WHERE minute = $1`, [
      new Date(LATE_MINUTE),
    ]);
    expect(edit.rowCount).toBeGreaterThan(0);
    expect(await answers()).toEqual(before);

    await send("late-1", LATE_MINUTE + 10_000, 400);
    await compactHours(new Date()); // recomputes the late event's hour (and overwrites the edit) and versions it
    const after = await answers();
    expect(after.sixHours!.summary.count).toBe(before.sixHours!.summary.count + 2);
    const lateStep = after.sixHours!.series.find((p) => p.t === iso(LATE_MINUTE))!;
    expect(lateStep.count).toBe(4); // c-3-1's deliveries and the late event's, not the edit
    expect(lateStep.p99).toBeGreaterThan(400);
    expect(after.day!.summary.count).toBe(before.day!.summary.count + 2);
    expect(after.weekAllTypes!.summary.samples).toBe(before.weekAllTypes!.summary.samples + 2);
    expect(after.weekByTwoHours!.summary.count).toBe(before.weekByTwoHours!.summary.count + 2);
    expect(after.zoom!.summary.count).toBe(before.zoom!.summary.count + 2);
    expect(after).toEqual(await freshAnswers());
  });
});
