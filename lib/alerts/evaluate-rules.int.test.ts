// Each rule kind fires and resolves on data stored through the real ingest path (and real
// heartbeats and discards), evaluated by the real cycle on real Postgres. The cycle's clock is a
// parameter: traffic is written at chosen times about an hour ago and the cycle is run "at" the
// minutes after it, so windows slide without waiting.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALERT_EVALUATOR_LOCK, evaluateRules, type Cycle } from "@/lib/alerts/evaluate-rules";
import { createRule } from "@/lib/alerts/manage-rules";
import { ruleInputSchema, type RuleInput } from "@/lib/alerts/rule-schema";
import { createCollectorToken } from "@/lib/auth/collector-tokens";
import { registerSchema } from "@/lib/catalog/register-schema";
import { shapeWorker } from "@/lib/catalog/shape-worker";
import { recordHeartbeat } from "@/lib/collectors/record-heartbeat";
import { recordHello } from "@/lib/collectors/record-hello";
import { makeHeartbeat, makeHello } from "@/lib/collectors/test-agent";
import { pool } from "@/lib/db/client";
import { ingestBody } from "@/lib/ingest/ingest-batch";
import type { DeadLetterInput, DeliveryInput, EventInput } from "@/lib/ingest/schemas";
import { discardDeadLetters } from "@/lib/reprocess/discard";
import { SYSTEM } from "@/lib/reprocess/who";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { putInFlight } from "@/lib/testing/in-flight";

const MIN = 60_000;
/** A minute about an hour ago: ingest takes it, and every test's traffic lies after it. */
const T0 = Math.floor((Date.now() - 60 * MIN) / MIN) * MIN;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Dead letter `k` of `type`, rejected into `<queue>.dlq` on broker rabbit `k` seconds after `at`;
 * its id starts `<queue>-<k>-`.
 */
const rejected = (queue: string, type: string, at: number, k: number): DeadLetterInput => ({
  id: `${queue}-${k}-${randomBytes(3).toString("hex")}`,
  broker: "rabbit",
  channel: `${queue}.dlq`,
  originalChannel: queue,
  type,
  reason: "rejected",
  failedAt: iso(at + k * 1000),
  payload: "{}",
});

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

async function ingest(body: {
  events?: EventInput[];
  deliveries?: DeliveryInput[];
  deadLetters?: DeadLetterInput[];
}) {
  const r = await ingestBody(JSON.stringify(body));
  expect(r.rejected).toEqual([]);
}

/** n events of `type` from `atMs` on, each consumed by billing and acked `e2eMs` after publishing. */
async function traffic(
  type: string,
  atMs: number,
  n: number,
  e2eMs: number,
  outcome: "ack" | "nack" = "ack",
) {
  const tag = randomBytes(4).toString("hex");
  const events: EventInput[] = [];
  const deliveries: DeliveryInput[] = [];
  for (let k = 0; k < n; k++) {
    const pub = atMs + k * 100;
    const id = `${type}-${tag}-${k}`;
    events.push({
      id,
      broker: "rabbit",
      channel: "orders",
      type,
      producer: "checkout",
      publishedAt: iso(pub),
      observedAt: iso(pub + 5),
      payload: { k },
    });
    deliveries.push({
      messageId: id,
      broker: "rabbit",
      channel: "orders",
      consumer: "billing",
      type,
      publishedAt: iso(pub),
      deliveredAt: iso(pub + 10),
      ackedAt: iso(pub + e2eMs),
      outcome,
    });
  }
  await ingest({ events, deliveries });
}

async function rule(input: Omit<RuleInput, "name"> & { name?: string }): Promise<string> {
  const spec = ruleInputSchema.parse({ name: `rule ${randomBytes(4).toString("hex")}`, ...input });
  return (await createRule(spec, { userId: null, label: "test" })).id;
}

/** One cycle at `atMs`; the events of the given rule. */
async function cycleAt(atMs: number): Promise<Extract<Cycle, { transitions: unknown }>> {
  const c = await evaluateRules(atMs);
  if ("skipped" in c) throw new Error("cycle skipped");
  return c;
}
const eventsOf = (c: Extract<Cycle, { transitions: unknown }>, id: string) =>
  c.transitions.filter((t) => t.ruleId === id).map((t) => t.event);

async function instance(id: string) {
  const { rows } = await pool().query<{
    scope_key: string;
    state: string;
    value: number | null;
    fired_at: Date | null;
    resolved_at: Date | null;
  }>(
    "SELECT scope_key, state, value, fired_at, resolved_at FROM alert_instances WHERE rule_id = $1 ORDER BY scope_key",
    [id],
  );
  return rows;
}

describe("alert evaluation over ingested data", () => {
  it("latency: a slow minute fires a p99 rule (after its for-duration) and fast traffic resolves it", async () => {
    const at = T0;
    await traffic("LatencyType", at + 1000, 30, 900);
    const quick = await rule({
      kind: "latency",
      scope: { kind: "event_type", type: "LatencyType" },
      params: { threshold: 500 },
      window: "5m",
    });
    const patient = await rule({
      kind: "latency",
      scope: { kind: "event_type", type: "LatencyType" },
      params: { threshold: 500, percentile: "p50" },
      window: "5m",
      for: "2m",
      summary: "p50 {{value}} ms on {{scope}}",
    });

    let c = await cycleAt(at + 30_000); // the slow minute is still filling: not in the window yet
    expect(eventsOf(c, quick)).toEqual(["nodata"]);
    c = await cycleAt(at + 1 * MIN);
    expect(eventsOf(c, quick)).toEqual(["firing"]);
    expect(eventsOf(c, patient)).toEqual(["pending"]);
    const [fired] = await instance(quick);
    expect(fired!.state).toBe("firing");
    expect(fired!.value).toBeGreaterThan(850); // 900 ms within the buckets' 5 %
    expect(fired!.value).toBeLessThan(950);
    expect(eventsOf(await cycleAt(at + 2 * MIN), patient)).toEqual([]); // 1 min of 2 in pending
    c = await cycleAt(at + 3 * MIN);
    expect(eventsOf(c, patient)).toEqual(["firing"]);
    expect(c.transitions.find((t) => t.ruleId === patient)?.summary).toMatch(
      /^p50 (8[5-9]\d|9[0-4]\d)(\.\d+)? ms on type LatencyType$/,
    );

    await traffic("LatencyType", at + 10 * MIN, 30, 40);
    c = await cycleAt(at + 11 * MIN);
    expect(eventsOf(c, quick)).toEqual(["resolved"]);
    expect(eventsOf(c, patient)).toEqual(["resolved"]);
    const [resolved] = await instance(quick);
    expect(resolved).toMatchObject({ state: "normal" });
    expect(resolved!.value).toBeLessThan(50);
    expect(resolved!.resolved_at?.getTime()).toBe(at + 11 * MIN);
    const { rows: history } = await pool().query<{ event: string; from_state: string; to_state: string }>(
      "SELECT event, from_state, to_state FROM alert_transitions WHERE rule_id = $1 ORDER BY id",
      [quick],
    );
    expect(history).toEqual([
      { event: "nodata", from_state: "normal", to_state: "nodata" },
      { event: "firing", from_state: "nodata", to_state: "firing" },
      { event: "resolved", from_state: "firing", to_state: "normal" },
    ]);
  });

  it("throughput: no events for the window fires an absent rule, an event resolves it; a type never seen fires too", async () => {
    const at = T0 + 15 * MIN;
    await traffic("QuietType", at, 1, 20);
    const absent = await rule({
      kind: "throughput",
      scope: { kind: "event_type", type: "QuietType" },
      params: { condition: "absent" },
      window: "5m",
    });
    const never = await rule({
      kind: "throughput",
      scope: { kind: "event_type", type: "NeverSeenType" },
      params: { condition: "absent" },
      window: "5m",
    });
    const slow = await rule({
      kind: "throughput",
      scope: { kind: "event_type", type: "QuietType" },
      params: { threshold: 5 },
      window: "2m",
    });

    let c = await cycleAt(at + 2 * MIN);
    expect(eventsOf(c, absent)).toEqual([]);
    expect(eventsOf(c, never)).toEqual(["firing"]);
    expect(eventsOf(c, slow)).toEqual(["firing"]); // 1 event in 2 min: 0.5 per minute < 5
    c = await cycleAt(at + 7 * MIN);
    expect(eventsOf(c, absent)).toEqual(["firing"]);
    expect(c.transitions.find((t) => t.ruleId === absent)?.summary).toBe(
      "0 events on type QuietType in the last 5 min",
    );

    await traffic("QuietType", at + 8 * MIN, 20, 20);
    c = await cycleAt(at + 9 * MIN);
    expect(eventsOf(c, absent)).toEqual(["resolved"]);
    expect(eventsOf(c, slow)).toEqual(["resolved"]); // 20 in 2 min: 10 per minute
  });

  it("error rate: failed deliveries over the threshold fire, clean traffic resolves", async () => {
    const at = T0 + 26 * MIN;
    await traffic("FlakyType", at, 10, 20, "ack");
    await traffic("FlakyType", at + 5000, 10, 20, "nack");
    const id = await rule({
      kind: "error_rate",
      scope: { kind: "event_type", type: "FlakyType" },
      params: { threshold: 20, resolveThreshold: 5 },
      window: "1m",
    });
    let c = await cycleAt(at + 1 * MIN);
    expect(eventsOf(c, id)).toEqual(["firing"]);
    expect((await instance(id))[0]!.value).toBe(50);
    await traffic("FlakyType", at + 2 * MIN, 20, 20, "ack");
    c = await cycleAt(at + 3 * MIN);
    expect(eventsOf(c, id)).toEqual(["resolved"]);
  });

  it("DLQ depth: waiting dead letters fire 'above', discarding them resolves; arrivals fire 'growing'", async () => {
    const at = T0 + 30 * MIN;
    const dl = (k: number) => rejected("orders", "OrderPlaced", at, k);
    await ingest({ deadLetters: [dl(1), dl(2), dl(3)] });
    const depth = await rule({
      kind: "dlq_depth",
      scope: { kind: "dlq", broker: "rabbit", channel: "orders.dlq" },
      params: { threshold: 2 },
    });
    const growing = await rule({
      kind: "dlq_depth",
      scope: { kind: "channel", broker: "rabbit", channel: "orders" },
      params: { condition: "growing", threshold: 2 },
      window: "1m",
    });
    let c = await cycleAt(at + 1 * MIN);
    expect(eventsOf(c, depth)).toEqual(["firing"]);
    expect(eventsOf(c, growing)).toEqual(["firing"]); // 3 in the last minute
    expect((await instance(depth))[0]!.value).toBe(3);

    const { rows } = await pool().query<{ id: string }>("SELECT id FROM dead_letters");
    await discardDeadLetters({ ids: rows.map((r) => r.id) }, SYSTEM);
    c = await cycleAt(at + 2 * MIN);
    expect(eventsOf(c, depth)).toEqual(["resolved"]);
    expect(eventsOf(c, growing)).toEqual(["resolved"]);
  });

  it("DLQ depth leaves out dead letters in flight (an open reprocess item), though their row still says waiting", async () => {
    const at = T0 + 40 * MIN;
    const dl = (k: number) => rejected("payments", "PaymentFailed", at, k);
    await ingest({ deadLetters: [dl(1), dl(2)] });
    const depth = await rule({
      kind: "dlq_depth",
      scope: { kind: "dlq", broker: "rabbit", channel: "payments.dlq" },
      params: { threshold: 0 },
    });
    await putInFlight({ where: "d.message_id LIKE 'payments-1-%'" });
    await cycleAt(at + 1 * MIN);
    expect((await instance(depth))[0]!.value).toBe(1);
  });

  it("collector down: one instance per collector, firing when silent for the window, resolved by a heartbeat", async () => {
    const { collector } = await createCollectorToken("alert-collector");
    const beat = {
      at: iso(Date.now()),
      brokerConnected: true,
      stats: {
        received: 0,
        sent: 0,
        retried: 0,
        dropped: 0,
        deadLetters: 0,
        outboxItems: 0,
        outboxBytes: 0,
        eventsPerSecond: 0,
        errors: 0,
      },
      gauges: [],
    };
    await recordHeartbeat(collector.id, beat);
    const id = await rule({ kind: "collector_down", scope: { kind: "all" }, window: "2m" });
    expect(eventsOf(await cycleAt(Date.now()), id)).toEqual([]);
    expect(await instance(id)).toMatchObject([{ scope_key: "collector:alert-collector", state: "normal" }]);
    // The agent goes quiet: its last contact (what heartbeats write) is now 5 minutes old.
    await pool().query(
      `UPDATE collectors SET last_seen_at = now() - interval '5 minutes', created_at = now() - interval '5 minutes',
         status = jsonb_set(status, '{receivedAt}', to_jsonb(now() - interval '5 minutes')) WHERE id = $1`,
      [collector.id],
    );
    let c = await cycleAt(Date.now());
    expect(eventsOf(c, id)).toEqual(["firing"]);
    expect(c.transitions.find((t) => t.ruleId === id)?.summary).toMatch(
      /^collector alert-collector last heard of 3\d\d(\.\d+)? s ago \(threshold 120 s\)$/,
    );
    await recordHeartbeat(collector.id, beat);
    c = await cycleAt(Date.now());
    expect(eventsOf(c, id)).toEqual(["resolved"]);
  });

  it("consumer lag: a lag gauge over the threshold fires, hysteresis holds it, a drained lag resolves", async () => {
    await traffic("LagType", T0 + 50 * MIN, 1, 20); // the channel and the consumer, as traffic makes them
    const { collector } = await createCollectorToken("lag-agent");
    await recordHello(collector.id, makeHello({ broker: "rabbit" }));
    const lag = (value: number) =>
      recordHeartbeat(
        collector.id,
        makeHeartbeat({}, { gauges: [{ channel: "orders", consumer: "billing", name: "lag", value }] }),
      );
    await lag(5000);
    const id = await rule({
      kind: "consumer_lag",
      scope: { kind: "edge", direction: "consume", broker: "rabbit", channel: "orders", service: "billing" },
      params: { threshold: 1000, resolveThreshold: 100 },
    });
    // Heartbeats land in the current minute: the cycle runs a minute later, when it is closed.
    let c = await cycleAt(Date.now() + MIN);
    expect(eventsOf(c, id)).toEqual(["firing"]);
    expect(c.transitions.find((t) => t.ruleId === id)?.summary).toBe(
      "consumer lag 5000 messages on edge rabbit/orders → billing (threshold 1000)",
    );
    await lag(500); // under the threshold, above the resolve threshold: still firing
    expect(eventsOf(await cycleAt(Date.now() + MIN), id)).toEqual([]);
    await lag(0);
    c = await cycleAt(Date.now() + MIN);
    expect(eventsOf(c, id)).toEqual(["resolved"]);
    expect((await instance(id))[0]!.value).toBe(0);
  });

  it("schema: violations of the registered schema fire, a window without them resolves; drift shows too", async () => {
    await registerSchema(
      "ContractType",
      { type: "object", properties: { orderId: { type: "string" } }, required: ["orderId"] },
      { actor: { type: "system", label: "test" }, ip: null },
    );
    const violations = await rule({
      kind: "schema",
      scope: { kind: "event_type", type: "ContractType" },
      window: "5m",
    });
    const drift = await rule({ kind: "schema", scope: { kind: "all" }, params: { signal: "drift" } });
    const before = Date.now();
    expect(eventsOf(await cycleAt(before), violations)).toEqual([]);
    // Live traffic without orderId: violations are recorded at receipt, and the inferred schema drifts.
    await ingest({
      events: [0, 1, 2].map((k) => ({
        id: `contract-${k}`,
        broker: "rabbit",
        channel: "orders",
        type: "ContractType",
        publishedAt: iso(Date.now() - 1000),
        payload: { order: k },
      })),
    });
    await shapeWorker().idle();
    const c = await cycleAt(Date.now());
    expect(eventsOf(c, violations)).toEqual(["firing"]);
    expect(c.transitions.find((t) => t.ruleId === violations)?.summary).toBe(
      "1 schema violations (path × keyword) on type ContractType in the last 5 min",
    );
    expect(eventsOf(c, drift)).toEqual(["firing"]);
    // Six minutes on, the last violation is out of the window.
    expect(eventsOf(await cycleAt(Date.now() + 6 * MIN), violations)).toEqual(["resolved"]);
  });

  it("a stored rule that no longer validates is in the error state, with the reason", async () => {
    const { rows } = await pool().query<{ id: string }>(
      `INSERT INTO alert_rules (id, name, kind, scope, params) VALUES (gen_random_uuid(), 'hand-written', 'latency', '{"kind": "all"}', '{"threshold": "fast"}') RETURNING id`,
    );
    const id = rows[0]!.id;
    expect(eventsOf(await cycleAt(T0 + 40 * MIN), id)).toEqual(["error"]);
    const { rows: inst } = await pool().query<{ state: string; error: string }>(
      "SELECT state, error FROM alert_instances WHERE rule_id = $1",
      [id],
    );
    expect(inst).toEqual([
      { state: "error", error: expect.stringMatching(/params.threshold: must be a number/) },
    ]);
  });

  it("a failing read puts the rules in the error state and the cycle still commits", async () => {
    const id = await rule({ kind: "consumer_lag", scope: { kind: "all" }, params: { threshold: 1 } });
    await pool().query("ALTER TABLE gauge_minute RENAME TO gauge_minute_away");
    try {
      const c = await cycleAt(T0 + 42 * MIN);
      expect(eventsOf(c, id)).toEqual(["error"]);
    } finally {
      await pool().query("ALTER TABLE gauge_minute_away RENAME TO gauge_minute");
    }
    const { rows } = await pool().query<{ state: string; error: string }>(
      "SELECT state, error FROM alert_instances WHERE rule_id = $1",
      [id],
    );
    expect(rows).toEqual([{ state: "error", error: expect.stringMatching(/gauge_minute/) }]);
    expect(eventsOf(await cycleAt(T0 + 43 * MIN), id)).toEqual(["nodata"]);
  });

  it("skips the cycle while another instance holds the evaluator's lock", async () => {
    const holder = await pool().connect();
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT pg_advisory_xact_lock($1)", [ALERT_EVALUATOR_LOCK]);
      expect(await evaluateRules(T0 + 45 * MIN)).toEqual({ skipped: "locked" });
      await holder.query("ROLLBACK");
    } finally {
      holder.release();
    }
    expect(await evaluateRules(T0 + 45 * MIN)).toMatchObject({ rules: expect.any(Number) });
  });
});
