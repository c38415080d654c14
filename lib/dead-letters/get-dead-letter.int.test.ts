// The dead-letter detail over real Postgres, on dead letters stored by real ingest: headers, the
// payload (text, or base64 for binary; hidden without payloads:read), the failure history, the
// reprocess attempts (its items handed to a collector) and the chain of a message that failed again.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as detailRoute from "@/app/api/v1/dead-letters/[id]/route";
import { createCollectorToken } from "@/lib/auth/collector-tokens";
import { pool } from "@/lib/db/client";
import type { DeadLetterDetail } from "@/lib/dead-letters/api-types";
import { ingestBody } from "@/lib/ingest/ingest-batch";
import { makeDeadLetter, recentIso } from "@/lib/ingest/test-factories";
import { apiTokenOf } from "@/lib/testing/auth-callers";
import { call, makeUser, type Caller } from "@/lib/testing/http-client";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

let db: TestDatabase;
let reader: Caller;
let noPayloads: Caller;
let operatorId: string;
const idOf: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  const viewer = await makeUser("viewer");
  reader = (await apiTokenOf(viewer, ["events:read", "payloads:read"])).caller;
  noPayloads = (await apiTokenOf(viewer, ["events:read"])).caller;
  operatorId = (await makeUser("operator", { name: "Olga Operator" })).id;
  await ingestBody(
    JSON.stringify({
      deadLetters: [
        makeDeadLetter({
          id: "first",
          messageId: "m-1",
          reason: "rejected",
          error: "x".repeat(500),
          failedAt: recentIso(100),
          contentType: "application/json",
          payload: '{"orderId":"o-1","lines":[{"sku":"a","qty":2}]}',
          headers: {
            // as the RabbitMQ collector flattens it (collectors/core/extract/headers.ts)
            "x-death": JSON.stringify([
              { reason: "rejected", queue: "orders", exchange: "", count: 2, "routing-keys": ["orders"] },
            ]),
          },
        }),
        makeDeadLetter({ id: "again", messageId: "m-1", reason: "rejected", failedAt: recentIso(900) }),
        makeDeadLetter({
          id: "binary",
          payload: Buffer.from([0xff, 0x00, 0x10, 0x80]).toString("base64"),
          payloadEncoding: "base64",
          contentType: "application/octet-stream",
        }),
      ],
    }),
  );
  const { rows } = await pool().query<{ id: string; dedupe_key: string }>(
    "SELECT id, dedupe_key FROM dead_letters",
  );
  for (const r of rows) idOf[r.dedupe_key] = r.id;
  const { collector } = await createCollectorToken("rabbit-agent");
  // Two finished requests of it (one by the operator, one by the system), and an item of a third
  // that failed before any collector had it: not an attempt.
  await pool().query(
    `WITH k AS (SELECT k, gen_random_uuid() AS id FROM generate_series(1, 3) k), r AS (
       INSERT INTO reprocess_requests (id, idempotency_key, body_hash, requested_by, selector, rate_per_second, state, finished_at)
       SELECT id, id::text, 'test', CASE WHEN k = 1 THEN $3::uuid END, '{}', 1, 'done', now() FROM k
       RETURNING id
     )
     INSERT INTO reprocess_items (request_id, position, dead_letter_id, state, previous_state, command_id, collector_id,
                                  destination, error, sent_at, finished_at)
     SELECT r.id, 1, $2, a.state, 'pending', CASE WHEN a.sent THEN gen_random_uuid() END, CASE WHEN a.sent THEN $1::uuid END,
            '{"channel":"orders"}', a.error, now() - a.sent_ago, now() - a.finished_ago
     FROM k JOIN r ON r.id = k.id
     JOIN (VALUES (1, 'succeeded', NULL, true, interval '2 minutes', interval '119 seconds'),
                  (2, 'failed', 'queue not found', true, interval '5 minutes', interval '5 minutes'),
                  (3, 'failed', 'no collector serves broker "x"', false, NULL, interval '1 minute'))
       AS a(k, state, error, sent, sent_ago, finished_ago) ON a.k = k.k`,
    [collector.id, idOf.first, operatorId],
  );
});
afterAll(async () => db.drop());

async function detail(id: string, caller = reader) {
  const res = await call(detailRoute.GET, `/api/v1/dead-letters/${id}`, caller, { params: { id } });
  return {
    status: res.status,
    body: res.body as unknown as DeadLetterDetail & { error?: { message: string } },
  };
}

describe("GET /api/v1/dead-letters/{id}", () => {
  it("gives everything: full error, headers, pretty-able payload, failures, attempts and the chain", async () => {
    const { status, body } = await detail(idOf.first!);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: idOf.first,
      messageId: "m-1",
      broker: "rabbit",
      dlq: { name: "orders.dlq" },
      originalDestination: "orders",
      contentType: "application/json",
      payload: '{"orderId":"o-1","lines":[{"sku":"a","qty":2}]}',
      payloadEncoding: "utf8",
      payloadHidden: false,
      errorTruncated: false,
      state: "pending",
    });
    expect(body.error).toHaveLength(500);
    expect(body.headers).toMatchObject({ "x-death": expect.stringContaining("rejected") as string });
    expect(body.failures).toEqual([
      {
        source: "x-death",
        reason: "rejected",
        queue: "orders",
        exchange: "",
        routingKeys: ["orders"],
        count: 2,
        time: null,
      },
    ]);
    expect(
      body.reprocessAttempts.map((a) => [a.state, a.error, a.requestedBy?.name ?? null, a.collector]),
    ).toEqual([
      ["succeeded", null, "Olga Operator", "rabbit-agent"],
      ["failed", "queue not found", null, "rabbit-agent"],
    ]);
    expect(body.chain.map((c) => c.id)).toEqual([idOf.again]);
    const back = await detail(idOf.again!);
    expect(back.body.chain.map((c) => c.id)).toEqual([idOf.first]);
    expect(back.body.reprocessAttempts).toEqual([]);
  });

  it("gives a binary payload as base64 with its flag", async () => {
    const { body } = await detail(idOf.binary!);
    expect(body).toMatchObject({ payload: "/wAQgA==", payloadEncoding: "base64", payloadSize: 4 });
  });

  it("hides the payload from a caller without payloads:read", async () => {
    const { status, body } = await detail(idOf.first!, noPayloads);
    expect(status).toBe(200);
    expect(body).toMatchObject({ payload: null, payloadHidden: true });
  });

  it("answers 404 for an unknown id and 400 naming the field for a non-UUID", async () => {
    const unknown = await detail(randomUUID());
    expect(unknown.status).toBe(404);
    const bad = await detail("nope");
    expect(bad.status).toBe(400);
    expect(bad.body.error!.message).toContain("id");
  });
});
