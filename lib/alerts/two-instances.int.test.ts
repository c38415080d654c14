// Two app instances over one database evaluate and notify once: two evaluator jobs and two notifier
// jobs (server/alert-evaluator.ts, server/alert-notifier.ts — what each instance's server/main.ts
// starts), each cycle in its own pooled connection, so their advisory locks contend as two
// processes' would. One episode (fire, then resolve through real ingest) must give one firing and
// one resolved transition, and one notification of each to a real localhost webhook receiver.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateRules, type Transition } from "@/lib/alerts/evaluate-rules";
import { absentRule, createContactPoint, ingestEvents, receiver } from "@/lib/alerts/notification-receiver";
import { pool } from "@/lib/db/client";
import { sessionOf } from "@/lib/testing/auth-callers";
import { makeUser } from "@/lib/testing/http-client";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { startAlertEvaluator } from "@/server/alert-evaluator";
import { startAlertNotifier } from "@/server/alert-notifier";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

const quiet = { info: () => {}, warn: () => {}, error: () => {} };

async function transitionsOf(ruleId: string): Promise<string[]> {
  const { rows } = await pool().query<{ event: string }>(
    "SELECT event FROM alert_transitions WHERE rule_id = $1 ORDER BY id",
    [ruleId],
  );
  return rows.map((r) => r.event);
}

describe("two app instances", () => {
  it("evaluate and notify once per episode", async () => {
    const rx = await receiver();
    await createContactPoint(await sessionOf(await makeUser("admin")), { url: rx.url });
    const type = `Twice${randomBytes(4).toString("hex")}`;
    const id = await absentRule(type);
    const seen: Transition[][] = [[], []];
    // Short intervals, so the two instances' cycles and sends overlap again and again.
    const instances = [0, 1].map((i) => {
      const notifier = startAlertNotifier({ log: quiet, intervalMs: 20 });
      const evaluator = startAlertEvaluator({
        log: quiet,
        intervalMs: 20,
        onTransitions: (t) => {
          seen[i]!.push(...t.filter((x) => x.ruleId === id));
          notifier.kick();
        },
      });
      return { notifier, evaluator };
    });
    try {
      await expect.poll(() => rx.of(id).map((r) => r.body.kind), { timeout: 15_000 }).toEqual(["firing"]);
      // A minute ago: windows are closed minutes, so the next cycle sees it.
      await ingestEvents(type, Date.now() - 60_000, 1);
      await expect
        .poll(() => rx.of(id).map((r) => r.body.kind), { timeout: 15_000 })
        .toEqual(["firing", "resolved"]);
    } finally {
      for (const { evaluator, notifier } of instances) {
        await evaluator.stop();
        await notifier.stop();
      }
      await rx.close();
    }
    expect(await transitionsOf(id)).toEqual(["firing", "resolved"]);
    expect([...seen[0]!, ...seen[1]!].map((t) => t.event).sort()).toEqual(["firing", "resolved"]);
    const { rows } = await pool().query<{ kind: string; status: string }>(
      "SELECT kind, status FROM alert_notifications WHERE rule_id = $1 ORDER BY id",
      [id],
    );
    expect(rows).toEqual([
      { kind: "firing", status: "sent" },
      { kind: "resolved", status: "sent" },
    ]);
  });

  it("two cycles started at the same instant: one evaluates, or the second finds nothing new", async () => {
    const id = await absentRule(`Same${randomBytes(4).toString("hex")}`);
    const at = Date.now();
    const pairs = [];
    for (let k = 0; k < 5; k++) pairs.push(await Promise.all([evaluateRules(at), evaluateRules(at)]));
    const transitions = pairs.flat().flatMap((c) => ("skipped" in c ? [] : c.transitions));
    expect(transitions.filter((t) => t.ruleId === id).map((t) => t.event)).toEqual(["firing"]);
    expect(await transitionsOf(id)).toEqual(["firing"]);
  });
});
