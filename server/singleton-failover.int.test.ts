// Singleton failover across real processes: two `server/index.ts --role worker` children on one
// database. The first leads (holds the leader lock, runs the alert evaluator and sender) and sends
// a rule's firing notification to a real webhook receiver; it is killed with SIGKILL; the second
// takes the lock, and the episode's resolution is notified by it — each notification exactly once.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRule } from "@/lib/alerts/manage-rules";
import { createContactPoint, receiver } from "@/lib/alerts/notification-receiver";
import { ruleInputSchema } from "@/lib/alerts/rule-schema";
import { pool } from "@/lib/db/client";
import { ingestBody } from "@/lib/ingest/ingest-batch";
import { freePort } from "@/lib/testing/app-server";
import { sessionOf } from "@/lib/testing/auth-callers";
import { makeUser } from "@/lib/testing/http-client";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { LEADER_LOCK } from "@/server/leader-jobs";

type Worker = { child: ChildProcess; port: number; output: () => string; stop: () => Promise<void> };

let db: TestDatabase;
const workers: Worker[] = [];
beforeAll(async () => {
  mkdirSync(".data", { recursive: true });
  db = await createTestDatabase();
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await db.drop();
});

async function startWorker(): Promise<Worker> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts", "--role", "worker"], {
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: "info",
      DEMO: "off",
      ALERT_EVAL_INTERVAL_MS: "1000",
      ALERT_NOTIFY_INTERVAL_MS: "500",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const w: Worker = {
    child,
    port,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
  workers.push(w);
  await expect
    .poll(
      () =>
        fetch(`http://127.0.0.1:${port}/api/health`).then(
          (r) => r.status,
          () => 0,
        ),
      {
        timeout: 60_000,
        interval: 250,
        message: `worker on ${port} never became healthy:\n${output}`,
      },
    )
    .toBe(200);
  return w;
}

/** The OS pid of the process holding the leader lock (its connection's application_name), or null. */
async function leaderPid(): Promise<number | null> {
  const { rows } = await pool().query<{ name: string }>(
    `SELECT a.application_name AS name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.classid = 0 AND l.objid = $1 AND l.granted`,
    [LEADER_LOCK],
  );
  const m = /pid (\d+)$/.exec(rows[0]?.name ?? "");
  return m ? Number(m[1]) : null;
}

const notifications = async (ruleId: string) =>
  (
    await pool().query<{ kind: string; status: string }>(
      "SELECT kind, status FROM alert_notifications WHERE rule_id = $1 ORDER BY id",
      [ruleId],
    )
  ).rows;

const sendRounds = async (w: Worker) => {
  const text = await fetch(`http://127.0.0.1:${w.port}/metrics`).then((r) => r.text());
  const m = /eventscope_job_duration_seconds_count\{job="alert_notifications",outcome="ok"\} (\d+)/.exec(
    text,
  );
  return Number(m?.[1] ?? 0);
};

describe("singleton jobs across worker processes", () => {
  it("a standby takes the lock when the leader is killed, and an episode is notified exactly once", async () => {
    const admin = await sessionOf(await makeUser("admin"));
    const rx = await receiver();
    try {
      await createContactPoint(admin, { url: rx.url });
      const type = `Failover${randomBytes(4).toString("hex")}`;
      const spec = ruleInputSchema.parse({
        name: `absent ${type}`,
        kind: "throughput",
        scope: { kind: "event_type", type },
        params: { condition: "absent" },
        window: "5m",
      });
      const ruleId = (await createRule(spec, { userId: null, label: "test" })).id;

      const first = await startWorker();
      await expect.poll(leaderPid, { timeout: 15_000 }).toBe(first.child.pid);
      const second = await startWorker();
      // The first leads: it fires the rule and its sender delivers the firing (recorded as sent).
      await expect
        .poll(() => notifications(ruleId), { timeout: 20_000 })
        .toEqual([{ kind: "firing", status: "sent" }]);
      expect(await leaderPid()).toBe(first.child.pid);

      first.child.kill("SIGKILL");
      const killedAt = Date.now();
      await expect.poll(leaderPid, { timeout: 15_000, interval: 100 }).toBe(second.child.pid);
      console.log(`failover: the standby held the leader lock ${Date.now() - killedAt} ms after SIGKILL`);

      // Traffic for the type resolves the episode; only the new leader can notice and notify it.
      // Published a minute ago: the evaluation reads whole minutes, and the current one is not over.
      const r = await ingestBody(
        JSON.stringify({
          events: [
            {
              id: `${type}-1`,
              broker: "rabbit",
              channel: "orders",
              type,
              publishedAt: new Date(Date.now() - 60_000).toISOString(),
            },
          ],
        }),
      );
      expect(r.rejected).toEqual([]);
      await expect
        .poll(() => notifications(ruleId), {
          timeout: 30_000,
          message: "the new leader did not notify the resolution (its log: .data/failover-worker-2.log)",
        })
        .toEqual([
          { kind: "firing", status: "sent" },
          { kind: "resolved", status: "sent" },
        ]);
      expect(second.output()).toMatch(/alert resolved: /);
      // Two more send rounds of the new leader: nothing is sent again.
      const rounds = await sendRounds(second);
      await expect.poll(() => sendRounds(second), { timeout: 10_000 }).toBeGreaterThanOrEqual(rounds + 2);
      expect(rx.of(ruleId).map((q) => q.body.kind)).toEqual(["firing", "resolved"]);
      expect(new Set(rx.of(ruleId).map((q) => q.headers["x-eventscope-notification"])).size).toBe(2);
    } finally {
      await rx.close();
      workers.forEach((w, i) => writeFileSync(`.data/failover-worker-${i + 1}.log`, w.output()));
    }
  }, 120_000);
});
