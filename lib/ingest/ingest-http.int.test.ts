// The ingest route against real Postgres: bad input is refused or rejected item by item, and never
// disturbs what is already stored.
import { gzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createCollectorToken, revokeCollectorToken } from "@/lib/auth/collector-tokens";
import { pool } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { setCollectorRateLimitForTests } from "@/lib/http/collector-rate-limit";
import { chunkedBody, postIngest } from "@/lib/ingest/ingest-test-client";
import { makeEvent } from "@/lib/ingest/test-factories";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

const MAX_BODY = 64 * 1024;
let db: TestDatabase;
let token: string;
let baseline: { count: number; digest: string };

async function snapshot(): Promise<{ count: number; digest: string }> {
  const { rows } = await pool().query<{ count: number; digest: string | null }>(
    `SELECT count(*)::int AS count, md5(string_agg(message_id || published_at::text || payload::text || coalesce(headers::text, ''), ',' ORDER BY message_id)) AS digest FROM messages`,
  );
  return { count: rows[0]!.count, digest: rows[0]!.digest ?? "" };
}

async function expectBaselineIntact(extra = 0): Promise<void> {
  const now = await snapshot();
  expect(now.count).toBe(baseline.count + extra);
  if (extra === 0) expect(now.digest).toBe(baseline.digest);
  const { rows } = await pool().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM messages WHERE message_id LIKE 'base-%'`,
  );
  expect(rows[0]!.n).toBe(3);
}

beforeAll(async () => {
  process.env.INGEST_MAX_BODY_BYTES = String(MAX_BODY);
  process.env.PAYLOAD_SAMPLE_MAX_BYTES = "512";
  process.env.REDACT_FIELDS = "password,authorization";
  resetEnvForTests();
  db = await createTestDatabase();
  token = (await createCollectorToken("http-test")).token;
  const res = await postIngest({ events: [0, 1, 2].map((i) => makeEvent({ id: `base-${i}` })) }, { token });
  expect(res).toEqual({ status: 202, body: { accepted: 3, duplicates: 0, rejected: [] } });
  baseline = await snapshot();
});
afterAll(async () => db.drop());
// Each test starts from the baseline, even when the one before failed half-way.
afterEach(async () => {
  await pool().query(`DELETE FROM messages WHERE message_id NOT LIKE 'base-%'`);
});

describe("POST /api/v1/ingest — stored rows", () => {
  it("stores an event with ids, redacted payload and headers, size and shape hash", async () => {
    const base = Date.now() - 60_000;
    const event = makeEvent({
      id: "full-1",
      publishedAt: new Date(base).toISOString(),
      observedAt: new Date(base + 250).toISOString(),
      traceId: "0af7651916cd43dd8448eb211c80319c",
      spanId: "b7ad6b7169203331",
      headers: { Authorization: "Bearer abc", "x-tenant": "t1" },
      payload: { user: { password: "hunter2", name: "ann" }, n: 1 },
    });
    const res = await postIngest({ events: [event] }, { token, gzip: true });
    expect(res).toEqual({ status: 202, body: { accepted: 1, duplicates: 0, rejected: [] } });
    const { rows } = await pool().query(
      `SELECT m.size, m.payload, m.headers, m.payload_truncated, m.shape_hash, m.trace_id, m.span_id, m.observed_at - m.published_at AS lag,
              c.name AS channel, t.name AS type, s.name AS producer, b.name AS broker
       FROM messages m JOIN channels c ON c.id = m.channel_id JOIN event_types t ON t.id = m.event_type_id
       JOIN services s ON s.id = m.producer_id JOIN brokers b ON b.id = m.broker_id WHERE m.message_id = 'full-1'`,
    );
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({
      size: Buffer.byteLength(JSON.stringify({ user: { password: "hunter2", name: "ann" }, n: 1 })),
      payload: { user: { password: "[redacted]", name: "ann" }, n: 1 },
      headers: { Authorization: "[redacted]", "x-tenant": "t1" },
      payload_truncated: false,
      trace_id: "0af7651916cd43dd8448eb211c80319c",
      span_id: "b7ad6b7169203331",
      channel: "orders",
      type: "OrderPlaced",
      producer: "checkout",
      broker: "rabbit",
    });
    expect(row.shape_hash).toMatch(/^[0-9a-f]{16}$/);
    expect(row.lag).toEqual({ milliseconds: 250 });
    await expectBaselineIntact(1);
  });

  it("truncates an oversized payload sample instead of rejecting it", async () => {
    const payload = { blob: "y".repeat(3000) };
    const res = await postIngest({ events: [makeEvent({ id: "big-sample", payload })] }, { token });
    expect(res.body).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    const { rows } = await pool().query(
      `SELECT size, payload, payload_truncated FROM messages WHERE message_id = 'big-sample'`,
    );
    expect(rows[0]).toMatchObject({
      size: 3011,
      payload_truncated: true,
      payload: { _truncated: true, size: 3011 },
    });
    expect((rows[0]!.payload as { preview: string }).preview).toBe(`{"blob":"${"y".repeat(512 - 64 - 9)}`);
    await expectBaselineIntact(1);
  });
});

describe("POST /api/v1/ingest — bad input", () => {
  it("refuses a body that is not JSON", async () => {
    const res = await postIngest("{not json", { token });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: "invalid_json" } });
    expect((res.body.error as { message: string }).message).toMatch(/^body is not valid JSON: /);
    await expectBaselineIntact();
  });

  it("refuses JSON with the wrong envelope", async () => {
    const cases: [unknown, string][] = [
      [
        [makeEvent({ id: "x" })],
        'body must be a JSON object with "events", "deliveries" or "deadLetters" arrays (got an array)',
      ],
      [{ events: "nope" }, "invalid envelope: events: must be an array (got string)"],
      [{ messages: [] }, 'invalid envelope: expected at least one of "events", "deliveries", "deadLetters"'],
    ];
    for (const [body, message] of cases) {
      const res = await postIngest(body, { token });
      expect(res).toEqual({ status: 400, body: { error: { code: "bad_request", message } } });
    }
    await expectBaselineIntact();
  });

  it("stores the good items of a batch and names the bad ones", async () => {
    const { channel: _c, ...noChannel } = makeEvent({ id: "bad-1" });
    const body = {
      events: [
        makeEvent({ id: "good-1" }),
        noChannel,
        makeEvent({ id: "bad-2", size: "12" as unknown as number }),
        makeEvent({ id: "bad-3", publishedAt: "last tuesday" }),
        makeEvent({ id: "bad-4", publishedAt: "2099-01-01T00:00:00Z" }),
        makeEvent({ id: "bad-5", publishedAt: "1999-12-31T23:59:59Z" }),
        makeEvent({ id: "good-2" }),
      ],
    };
    const res = await postIngest(body, { token });
    expect(res).toEqual({
      status: 202,
      body: {
        accepted: 2,
        duplicates: 0,
        rejected: [
          { kind: "event", index: 1, reason: "channel: is required" },
          { kind: "event", index: 2, reason: "size: must be a number (got string)" },
          { kind: "event", index: 3, reason: "publishedAt: must be an ISO 8601 date-time with a time zone" },
          {
            kind: "event",
            index: 4,
            reason: "publishedAt: is more than 24 hours in the future (2099-01-01T00:00:00.000Z)",
          },
          { kind: "event", index: 5, reason: "publishedAt: is before the year 2000" },
        ],
      },
    });
    const { rows } = await pool().query(
      `SELECT message_id FROM messages WHERE message_id LIKE 'good-%' OR message_id LIKE 'bad-%' ORDER BY 1`,
    );
    expect(rows.map((r) => r.message_id)).toEqual(["good-1", "good-2"]);
    await expectBaselineIntact(2);
  });

  it("refuses an oversized body with 413, with and without Content-Length", async () => {
    const big = { events: [makeEvent({ id: "huge", payload: { blob: "z".repeat(MAX_BODY) } })] };
    const withLength = await postIngest(big, {
      token,
      headers: { "content-length": String(JSON.stringify(big).length) },
    });
    expect(withLength.status).toBe(413);
    expect((withLength.body.error as { message: string }).message).toMatch(
      /^the body \(Content-Length \d+\) is larger than the limit of 65536 bytes/,
    );
    const chunked = await postIngest(null, { token, raw: chunkedBody(MAX_BODY * 4) });
    expect(chunked).toEqual({
      status: 413,
      body: {
        error: {
          code: "payload_too_large",
          message: "the body is larger than the limit of 65536 bytes; send smaller batches",
        },
      },
    });
    await expectBaselineIntact();
  });

  it("refuses gzip that does not inflate (400) and a gzip bomb (413)", async () => {
    const corrupt = await postIngest(null, {
      token,
      raw: Buffer.from("definitely not gzip"),
      headers: { "content-encoding": "gzip" },
    });
    expect(corrupt.status).toBe(400);
    expect((corrupt.body.error as { message: string }).message).toMatch(/^gzip body does not inflate: /);
    const bomb = gzipSync(`{"events":[],"pad":"${" ".repeat(10 * MAX_BODY)}"}`);
    expect(bomb.length).toBeLessThan(MAX_BODY);
    const res = await postIngest(null, { token, raw: bomb, headers: { "content-encoding": "gzip" } });
    expect(res).toEqual({
      status: 413,
      body: {
        error: {
          code: "payload_too_large",
          message: "the inflated gzip body is larger than the limit of 65536 bytes; send smaller batches",
        },
      },
    });
    await expectBaselineIntact();
  });

  it("refuses other content encodings with 415", async () => {
    const res = await postIngest({ events: [] }, { token, headers: { "content-encoding": "br" } });
    expect(res.status).toBe(415);
    await expectBaselineIntact();
  });
});

describe("POST /api/v1/ingest — collector token", () => {
  const body = { events: [makeEvent({ id: "auth-1" })] };
  it("answers 401 with a distinct message for a missing, malformed and unknown token", async () => {
    const missing = await postIngest(body, { token: null });
    const malformed = await postIngest(body, { authorization: "Token abc" });
    const wrongPrefix = await postIngest(body, { authorization: `Bearer xyz_${"a".repeat(43)}` });
    const unknown = await postIngest(body, { authorization: `Bearer esc_${"a".repeat(43)}` });
    const messages = [missing, malformed, wrongPrefix, unknown].map((r) => {
      expect(r.status).toBe(401);
      return (r.body.error as { message: string }).message;
    });
    expect(messages[0]).toMatch(/^missing Authorization header/);
    expect(messages[1]).toMatch(/^malformed Authorization header/);
    expect(messages[2]).toBe(messages[1]);
    expect(messages[3]).toMatch(/^unknown collector token/);
    await expectBaselineIntact();
  });

  it("answers 401 for a revoked token", async () => {
    const revoked = await createCollectorToken("to-revoke");
    expect((await postIngest({ events: [] }, { token: revoked.token })).status).toBe(202);
    await revokeCollectorToken("to-revoke");
    const res = await postIngest(body, { token: revoked.token });
    expect(res).toEqual({
      status: 401,
      body: { error: { code: "unauthorized", message: 'the token of collector "to-revoke" was revoked' } },
    });
    await expectBaselineIntact();
  });
});

describe("POST /api/v1/ingest — rate limit per token", () => {
  afterEach(() => setCollectorRateLimitForTests());

  it("answers 429 with Retry-After past the limit, per token, keeping what was stored", async () => {
    setCollectorRateLimitForTests({ points: 2, seconds: 60 });
    const other = (await createCollectorToken("rate-other")).token;
    const first = await postIngest({ events: [makeEvent({ id: "rate-1" })] }, { token });
    const second = await postIngest({ events: [makeEvent({ id: "rate-2" })] }, { token });
    const third = await postIngest({ events: [makeEvent({ id: "rate-3" })] }, { token });
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(third.status).toBe(429);
    expect(third.body).toMatchObject({ error: { code: "rate_limited" } });
    expect((third.body.error as { message: string }).message).toMatch(
      /^this collector token sent more than 2 requests in 60 s; retry in \d+ s$/,
    );
    expect(Number(third.retryAfter)).toBeGreaterThanOrEqual(1);
    // Another collector has its own budget.
    expect((await postIngest({ events: [makeEvent({ id: "rate-4" })] }, { token: other })).status).toBe(202);
    await expectBaselineIntact(3);
  });
});
