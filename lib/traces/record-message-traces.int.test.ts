// The traces rows written after ingest batches commit, under concurrency: overlapping batches sent
// at once (each resent), spans arriving for the same traces at the same time — every count exact,
// as if each message and span had been seen once, and no batch fails.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCollectorToken } from "@/lib/auth/collector-tokens";
import { pool } from "@/lib/db/client";
import { postIngest } from "@/lib/ingest/ingest-test-client";
import { makeDelivery, makeEvent, recentIso } from "@/lib/ingest/test-factories";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { normalizeRequest } from "@/lib/traces/normalize-spans";
import { storeSpans } from "@/lib/traces/store-spans";

let db: TestDatabase;
let token: string;
const TRACES = Array.from({ length: 6 }, (_, i) => `${i + 1}`.repeat(32).slice(0, 32));
const hex16 = (n: number) => n.toString(16).padStart(16, "0");

beforeAll(async () => {
  db = await createTestDatabase();
  token = (await createCollectorToken("traces-concurrency")).token;
});
afterAll(async () => db.drop());

/** Batch b holds messages b*10 … b*10+19: each message is in two batches. */
function batch(b: number) {
  const ids = Array.from({ length: 20 }, (_, i) => b * 10 + i);
  return {
    events: ids.map((n) =>
      makeEvent({
        id: `cc-${n}`,
        traceId: TRACES[n % TRACES.length],
        spanId: hex16(n + 1),
        publishedAt: recentIso(n),
        observedAt: recentIso(n + 1),
      }),
    ),
    deliveries: ids.map((n) =>
      makeDelivery({
        messageId: `cc-${n}`,
        publishedAt: recentIso(n),
        deliveredAt: recentIso(n + 50),
        ackedAt: recentIso(n + 60),
      }),
    ),
  };
}

function spanRequest(from: number) {
  return normalizeRequest({
    resourceSpans: [
      {
        resource: { attributes: [{ key: "service.name", value: { stringValue: "app" } }] },
        scopeSpans: [
          {
            spans: Array.from({ length: 12 }, (_, i) => ({
              traceId: TRACES[(from + i) % TRACES.length]!,
              spanId: hex16(1000 + from + i),
              name: "work",
              startTimeUnixNano: `${BigInt(Date.parse(recentIso(from + i))) * 1_000_000n}`,
            })),
          },
        ],
      },
    ],
  }).spans;
}

describe("concurrent batches and spans", () => {
  it("count every message, delivery and span once", async () => {
    // 4 batches (40 + 10 messages, each but the ends in two batches), each sent twice, plus two
    // overlapping span exports, all at once.
    const results = await Promise.all([
      ...[0, 1, 2, 3, 0, 1, 2, 3].map((b) => postIngest(batch(b), { token })),
      storeSpans(spanRequest(0)),
      storeSpans(spanRequest(6)),
      storeSpans(spanRequest(0)),
    ]);
    for (const r of results.slice(0, 8)) expect(r).toMatchObject({ status: 202 });
    const messages = 50; // ids 0 … 49
    const sums = await pool().query<{ messages: number; spans: number; n: number }>(
      `SELECT sum(message_count)::int AS messages, sum(span_count)::int AS spans, count(*)::int AS n FROM traces`,
    );
    expect(sums.rows[0]).toEqual({ messages, spans: 18, n: TRACES.length });
    const services = await pool().query<{ s: string[] }>(
      `SELECT array_agg(DISTINCT s ORDER BY s) AS s FROM traces, unnest(services) s`,
    );
    expect(services.rows[0]!.s).toEqual(["app", "billing", "checkout"]);
    const stored = await pool().query<{ n: number }>(`SELECT count(*)::int AS n FROM spans`);
    expect(stored.rows[0]).toEqual({ n: 18 });
  });
});
