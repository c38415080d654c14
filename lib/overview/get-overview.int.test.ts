// The Overview's "events stored" against real Postgres, fed through real ingest: it counts every
// event whether its minutes are still in rollup_minute or only in their compacted hour — retention
// deletes minute rows older than RETENTION_ROLLUP_MINUTE_DAYS and keeps the hours.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createCollectorToken } from "@/lib/auth/collector-tokens";
import { pool } from "@/lib/db/client";
import { postIngest } from "@/lib/ingest/ingest-test-client";
import { makeDeadLetter, makeEvent } from "@/lib/ingest/test-factories";
import { getOverview } from "@/lib/overview/get-overview";
import { compactHours } from "@/lib/rollups/compact-hours";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { putInFlight } from "@/lib/testing/in-flight";

let db: TestDatabase;
let token: string;
const HOUR = 3_600_000;

beforeAll(async () => {
  db = await createTestDatabase();
  token = (await createCollectorToken("overview-test")).token;
});
afterAll(async () => db.drop());

async function send(prefix: string, n: number, agoMs: number): Promise<void> {
  const publishedAt = new Date(Date.now() - agoMs).toISOString();
  const events = Array.from({ length: n }, (_, i) =>
    makeEvent({ id: `${prefix}-${i}`, channel: "orders", type: "OrderPlaced", publishedAt }),
  );
  const res = await postIngest({ events }, { token });
  expect(res.body).toMatchObject({ accepted: n, duplicates: 0 });
}

it("counts compacted hours whose minute rows retention deleted, and the minutes after the watermark", async () => {
  await send("old", 7, 5 * HOUR);
  await send("new", 3, 0);
  expect((await getOverview()).totals.eventsStored).toBe(10);

  await compactHours();
  const { rows } = await pool().query<{ through: Date }>(
    "SELECT through FROM rollup_watermark WHERE name = 'hour'",
  );
  expect(rows[0]!.through.getTime()).toBeGreaterThan(Date.now() - 2 * HOUR);
  expect((await getOverview()).totals.eventsStored).toBe(10);

  // What retention does past RETENTION_ROLLUP_MINUTE_DAYS: the compacted minutes go, the hours stay.
  const deleted = await pool().query(
    "DELETE FROM rollup_minute WHERE minute < date_trunc('hour', $1::timestamptz)",
    [rows[0]!.through],
  );
  expect(deleted.rowCount).toBeGreaterThan(0);
  expect((await getOverview()).totals.eventsStored).toBe(10);
});

it("counts pending dead letters without those in flight (an open reprocess item; their row still says pending)", async () => {
  const deadLetters = ["p-1", "p-2", "p-3"].map((id) => makeDeadLetter({ id }));
  expect((await postIngest({ deadLetters }, { token })).body).toMatchObject({ accepted: 3 });
  expect((await getOverview()).totals.deadLettersPending).toBe(3);
  await putInFlight({ where: "d.message_id = 'p-1'" });
  expect((await getOverview()).totals.deadLettersPending).toBe(2);
});
