// Retention against real Postgres, fed through real ingest, with a controllable "now": exactly the
// expired daily partitions of messages go (a partition a query is reading waits for the next pass),
// expired rows elsewhere go and nothing younger, per-minute rollups go only once their hours are in
// rollup_hour (and the 7 d latency and flow queries answer the same from those), and dead letters
// go only once handled and old enough — a pending one never; alert history likewise (a pending
// notification never).
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
import { createRule } from "@/lib/alerts/manage-rules";
import { ruleInputSchema } from "@/lib/alerts/rule-schema";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { putInFlight } from "@/lib/testing/in-flight";

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
  alertHistoryDays: 3650,
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

  it("drops per-minute rollups only below the hourly compaction, and the 7 d queries answer the same from rollup_hour", async () => {
    for (let i = 0; i < 3; i++) await send(`r3-${i}`, 3 * DAY + i * 60_000);
    for (let i = 0; i < 2; i++) await send(`r2-${i}`, 2 * DAY + i * 60_000);
    const week = latencyQuerySchema.parse({ type: "OrderPlaced", range: "7d" });
    const numbers = async () => {
      // From Postgres, not from the answers about closed time cached in process (lib/rollups/closed-cache.ts).
      delete (globalThis as { __eventscopeCaches?: unknown }).__eventscopeCaches;
      const graph = await getFlowGraph("7d");
      const latency = await queryLatency(week, now);
      return {
        edges: graph.edges.map((e) => ({ id: e.id, count: e.count, errors: e.errors, latency: e.latency })),
        latency: latency.summary,
      };
    };
    // Nothing compacted yet: no minute may go, whatever the setting.
    await pool().query("DELETE FROM rollup_watermark");
    const early = await runRetention({ ...KEEP, rollupMinuteDays: 1 }, new Date(now));
    expect(early).toMatchObject({ deleted: { rollup_minute: 0 } });

    // A day per run, from the oldest minute (45 days back).
    let through = 0;
    for (let i = 0; i < 100 && through < now - 3 * 60_000; i++) {
      const r = await compactHours(new Date(now));
      if ("through" in r) through = r.through.getTime();
    }
    expect(through).toBeGreaterThanOrEqual(now - 3 * 60_000);
    const before = await numbers();
    expect(before.latency.count).toBe(9); // deliveries of h1, d3, d6, d7 and the five above

    // An hour ingest marked dirty (2 days ago) holds its minutes and every later one back.
    const dirty = new Date(Math.floor((now - 2 * DAY) / HOUR) * HOUR);
    await pool().query("INSERT INTO rollup_hour_dirty (hour) VALUES ($1)", [dirty]);
    const held = await runRetention({ ...KEEP, rollupMinuteDays: 1 }, new Date(now));
    expect(held).toMatchObject({ minuteCutoff: dirty });
    expect(await column("SELECT count(*) AS v FROM rollup_minute WHERE minute >= $1", [dirty])).not.toEqual([
      "0",
    ]);
    expect(await column("SELECT count(*) AS v FROM rollup_minute WHERE minute < $1", [dirty])).toEqual(["0"]);

    await compactHours(new Date(now)); // recomputes the dirty hour from its minutes
    const run = await runRetention({ ...KEEP, rollupMinuteDays: 1 }, new Date(now));
    if ("skipped" in run) throw new Error("retention skipped");
    const cutoff = run.minuteCutoff.getTime();
    expect(cutoff).toBe(Math.floor((now - DAY) / HOUR) * HOUR);
    expect(
      await column("SELECT count(*) AS v FROM rollup_minute WHERE minute < $1", [run.minuteCutoff]),
    ).toEqual(["0"]);
    // The hours of the dropped minutes remain, and the week reads the same numbers from them.
    expect(
      await column("SELECT count(*) AS v FROM rollup_hour WHERE hour < $1", [run.minuteCutoff]),
    ).not.toEqual(["0"]);
    expect(await numbers()).toEqual(before);
    // latency_minute goes with the minutes it was built from.
    expect(run).toMatchObject({ deleted: { latency_minute: expect.any(Number) } });
    expect(
      await column("SELECT count(*) AS v FROM latency_minute WHERE minute < $1", [run.minuteCutoff]),
    ).toEqual(["0"]);
    expect(
      await column("SELECT count(*) AS v FROM latency_minute WHERE minute >= $1", [run.minuteCutoff]),
    ).not.toEqual(["0"]);

    // A late event in an hour whose minutes are gone is added to that hour, not left alone in it.
    await send("late", 3 * DAY + 30_000);
    await compactHours(new Date(now));
    expect(
      await column("SELECT count(*) AS v FROM rollup_minute WHERE minute < $1", [run.minuteCutoff]),
    ).toEqual(["0"]);
    const withLate = await numbers();
    expect(withLate.latency.count).toBe(before.latency.count + 1);
    const produced = (n: Awaited<ReturnType<typeof numbers>>) =>
      n.edges.filter((e) => e.id.startsWith("produce:")).reduce((a, e) => a + e.count, 0);
    expect(produced(withLate)).toBe(produced(before) + 1);

    // Hourly rollups past their own retention go too, younger hours stay.
    const hours = await runRetention({ ...KEEP, rollupMinuteDays: 1, rollupHourDays: 2 }, new Date(now));
    expect(hours).toMatchObject({ deleted: { rollup_hour: expect.any(Number) } });
    const hourCutoff = new Date(Math.floor((now - 2 * DAY) / HOUR) * HOUR);
    expect(await column("SELECT count(*) AS v FROM rollup_hour WHERE hour < $1", [hourCutoff])).toEqual([
      "0",
    ]);
    expect(await column("SELECT count(*) AS v FROM rollup_hour WHERE hour >= $1", [hourCutoff])).not.toEqual([
      "0",
    ]);
    // And the hour rollups derived from rollup_hour with them.
    for (const table of ["latency_hour"]) {
      expect(await column(`SELECT count(*) AS v FROM ${table} WHERE hour < $1`, [hourCutoff])).toEqual(["0"]);
      expect(await column(`SELECT count(*) AS v FROM ${table} WHERE hour >= $1`, [hourCutoff])).not.toEqual([
        "0",
      ]);
    }
  });

  it("keeps dead letters until handled plus their age, and never a pending one or one in flight", async () => {
    const res = await postIngest(
      {
        deadLetters: ["dl-pending", "dl-old", "dl-young", "dl-again", "dl-fresh", "dl-inflight"].map((id) =>
          makeDeadLetter({ id, failedAt: at(90 * DAY) }),
        ),
      },
      { token },
    );
    expect(res.body).toMatchObject({ accepted: 6, rejected: [] });
    const set = (id: string, state: string) =>
      pool().query("UPDATE dead_letters SET state = $2 WHERE message_id = $1", [id, state]);
    await set("dl-old", "discarded");
    await set("dl-young", "reprocessed");
    await set("dl-again", "reprocessed");
    await set("dl-again", "failed_again"); // left the handled states: its clock stops
    await set("dl-fresh", "discarded");
    await set("dl-inflight", "reprocessed");
    // The trigger stamps the moment of handling (the database's clock), and only then.
    expect(
      await column(
        "SELECT message_id AS v FROM dead_letters WHERE handled_at IS NOT NULL AND handled_at <= now()",
      ),
    ).toEqual(["dl-fresh", "dl-inflight", "dl-old", "dl-young"]);
    const handledAgo = (id: string, ago: number) =>
      pool().query("UPDATE dead_letters SET handled_at = $2 WHERE message_id = $1", [id, at(ago)]);
    await handledAgo("dl-old", 31 * DAY);
    await handledAgo("dl-young", 29 * DAY);
    await handledAgo("dl-inflight", 31 * DAY);
    // Reprocessed again (force): an open item of a request, nothing else in its row says so.
    await putInFlight({ where: "d.message_id = 'dl-inflight'" });

    const run = await runRetention({ ...KEEP, deadLetterDays: 30 }, new Date(now));
    expect(run).toMatchObject({ deleted: { dead_letters: 1 } });
    expect(await column("SELECT message_id AS v FROM dead_letters")).toEqual([
      "dl-again",
      "dl-fresh",
      "dl-inflight",
      "dl-pending",
      "dl-young",
    ]);
    // A year on, every handled one has gone; the pending, the failed-again and the one in flight stay.
    await runRetention({ ...KEEP, deadLetterDays: 30 }, new Date(now + 365 * DAY));
    expect(await column("SELECT message_id AS v FROM dead_letters")).toEqual([
      "dl-again",
      "dl-inflight",
      "dl-pending",
    ]);
    // The DLQ's counts followed the deletes (statement triggers on dead_letters).
    expect(await column("SELECT sum(n) AS v FROM dead_letter_counts")).toEqual(["3"]);
    // Any delete keeps one in flight (dead_letters_keep_in_flight), and takes the others of its statement.
    const { rowCount } = await pool().query(
      "DELETE FROM dead_letters WHERE message_id IN ('dl-inflight', 'dl-again')",
    );
    expect(rowCount).toBe(1);
    expect(await column("SELECT message_id AS v FROM dead_letters")).toEqual(["dl-inflight", "dl-pending"]);
  });

  it("alert history goes after its days: finished notifications with their attempts, transitions, ended silences; pending ones stay", async () => {
    const spec = ruleInputSchema.parse({
      name: "retention rule",
      kind: "throughput",
      scope: { kind: "event_type", type: "Kept" },
      params: { condition: "absent" },
    });
    const rule = (await createRule(spec, { userId: null, label: "test" })).id;
    const { rows: cp } = await pool().query<{ id: string }>(
      `INSERT INTO contact_points (id, name, kind, config) VALUES (gen_random_uuid(), 'retention hook', 'webhook',
              '{"url":"http://127.0.0.1:9/hook"}') RETURNING id`,
    );
    /** A notification `status` created `ago` before now (finished then, unless pending), with one attempt. */
    const notification = async (label: string, status: string, ago: number) => {
      const { rows } = await pool().query<{ id: string }>(
        `INSERT INTO alert_notifications (rule_id, contact_point_id, kind, payload, status, attempts,
                                          next_attempt_at, created_at, finished_at, last_error)
         VALUES ($1, $2, 'firing', '{}', $3, 1, $4, $4, CASE WHEN $3 = 'pending' THEN NULL ELSE $4::timestamptz END, $5)
         RETURNING id::text`,
        [rule, cp[0]!.id, status, at(ago), label],
      );
      await pool().query(
        "INSERT INTO notification_attempts (notification_id, at, ok, duration_ms) VALUES ($1, $2, $3, 1)",
        [rows[0]!.id, at(ago), status === "sent"],
      );
    };
    await notification("sent-old", "sent", 91 * DAY);
    await notification("failed-old", "failed", 95 * DAY);
    await notification("silenced-old", "silenced", 100 * DAY);
    await notification("pending-old", "pending", 120 * DAY); // never, however old
    await notification("sent-recent", "sent", 89 * DAY);
    const transition = (label: string, ago: number) =>
      pool().query(
        "INSERT INTO alert_transitions (rule_id, scope_key, to_state, summary, at) VALUES ($1, 'type:Kept', 'firing', $2, $3)",
        [rule, label, at(ago)],
      );
    await transition("t-old", 91 * DAY);
    await transition("t-recent", 2 * DAY);
    const silence = (label: string, endsAgo: number) =>
      pool().query(
        `INSERT INTO silences (id, matchers, starts_at, ends_at, comment)
         VALUES (gen_random_uuid(), '[]', $1, $2, $3)`,
        [at(endsAgo + DAY), at(endsAgo), label],
      );
    await silence("s-ended-old", 91 * DAY);
    await silence("s-ended-recent", 10 * DAY);
    await silence("s-active", -DAY);

    const run = await runRetention({ ...KEEP, alertHistoryDays: 90 }, new Date(now), { batch: 2 });
    expect(run).toMatchObject({
      deleted: { alert_notifications: 3, alert_transitions: 1, silences: 1 },
    });
    expect(await column("SELECT last_error AS v FROM alert_notifications")).toEqual([
      "pending-old",
      "sent-recent",
    ]);
    expect(await column("SELECT count(*) AS v FROM notification_attempts")).toEqual(["2"]); // theirs only
    expect(await column("SELECT summary AS v FROM alert_transitions")).toEqual(["t-recent"]);
    expect(await column("SELECT comment AS v FROM silences")).toEqual(["s-active", "s-ended-recent"]);
  });

  it("stops after the statement in flight when aborted, and the next pass finishes the work", async () => {
    for (let i = 0; i < 5; i++) await send(`abort-${i}`, 10 * DAY + i * 60_000);
    const stop = new AbortController();
    stop.abort();
    const aborted = await runRetention({ ...KEEP, rawDays: 7 }, new Date(now), { signal: stop.signal });
    expect(aborted).toMatchObject({ droppedPartitions: [], deleted: { deliveries: 0 } });
    expect(await column("SELECT count(*) AS v FROM deliveries WHERE message_id LIKE 'abort-%'")).toEqual([
      "5",
    ]);
    const next = await runRetention({ ...KEEP, rawDays: 7 }, new Date(now), { batch: 2 });
    expect(next).toMatchObject({ deleted: { deliveries: 5 } });
    expect(await column("SELECT count(*) AS v FROM messages WHERE message_id LIKE 'abort-%'")).toEqual(["0"]);
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
