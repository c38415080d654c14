// The server's evaluation job on real Postgres: it evaluates at boot and on its interval, hands
// transitions on and logs firing at info.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRule } from "@/lib/alerts/manage-rules";
import { ruleInputSchema } from "@/lib/alerts/rule-schema";
import type { Transition } from "@/lib/alerts/evaluate-rules";
import { pool } from "@/lib/db/client";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { startAlertEvaluator } from "@/server/alert-evaluator";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

describe("alert evaluator job", () => {
  it("fires a rule on its own schedule and reports the transition", async () => {
    const spec = ruleInputSchema.parse({
      name: "nothing flows",
      kind: "throughput",
      scope: { kind: "event_type", type: "Ghost" },
      params: { condition: "absent" },
    });
    const rule = await createRule(spec, { userId: null, label: "test" });
    const seen: Transition[] = [];
    const lines: string[] = [];
    const log = {
      info: (_: object, msg: string) => lines.push(msg),
      warn: () => undefined,
      error: () => undefined,
    };
    const job = startAlertEvaluator({ log, intervalMs: 100, onTransitions: (t) => seen.push(...t) });
    try {
      await expect
        .poll(async () => {
          const { rows } = await pool().query<{ state: string }>(
            "SELECT state FROM alert_instances WHERE rule_id = $1",
            [rule.id],
          );
          return rows[0]?.state;
        })
        .toBe("firing");
    } finally {
      await job.stop();
    }
    expect(seen).toEqual([
      expect.objectContaining({ ruleId: rule.id, event: "firing", scopeKey: "type:Ghost" }),
    ]);
    expect(lines).toEqual(["alert firing: 0 events on type Ghost in the last 5 min"]);
  });
});
