// The standalone demo (collectors/demo/cli.ts) as a user runs it against a server: with a second
// token its two agents say hello for their simulated brokers, and a reprocess of each broker's dead
// letters goes through them to the end, as with the built-in demo.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, expect, it } from "vitest";
import { BROKERS } from "@/collectors/demo/shop-catalog";
import { eventually } from "@/collectors/testing/stack";
import { startReprocessStack, type ReprocessStack } from "@/collectors/testing/reprocess-stack";
import { createCollectorToken } from "@/lib/auth/collector-tokens";

let stack: ReprocessStack;
beforeAll(async () => {
  stack = await startReprocessStack();
});
afterAll(async () => stack.close());

it("serves both simulated brokers' reprocess commands with --token and --nats-token", async () => {
  const rabbit = await createCollectorToken("demo-cli");
  const nats = await createCollectorToken("demo-cli-nats");
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "collectors/demo/cli.ts",
      "--server",
      stack.url,
      "--token",
      rabbit.token,
      "--nats-token",
      nats.token,
      "--rate",
      "200",
      "--failure-rate",
      "0.5",
      "--seed",
      "cli-test",
    ],
    { env: { ...process.env, LOG_LEVEL: "warn" }, stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  try {
    await eventually("both agents said hello for their brokers", async () => {
      const n = await stack.count(
        `SELECT count(*) AS n FROM collectors c JOIN brokers b ON b.id = c.broker_id
         WHERE c.name IN ('demo-cli', 'demo-cli-nats') AND c.connected_at IS NOT NULL
           AND (c.name, b.name) IN (('demo-cli', $1), ('demo-cli-nats', $2))`,
        [BROKERS.rabbit, BROKERS.nats],
      );
      return n === 2;
    });
    for (const broker of [BROKERS.rabbit, BROKERS.nats]) {
      await eventually(
        `dead letters of ${broker}`,
        async () =>
          (await stack.count(
            "SELECT count(*) AS n FROM dead_letters d JOIN brokers b ON b.id = d.broker_id WHERE b.name = $1",
            [broker],
          )) >= 3,
      );
      const requestId = await stack.reprocess({ filter: { broker }, ratePerSecond: 1_000 });
      const done = await stack.finished(requestId);
      expect(done.total, broker).toBeGreaterThanOrEqual(3);
      expect({ succeeded: done.succeeded, failed: done.failed }, broker).toEqual({
        succeeded: done.total,
        failed: 0,
      });
    }
  } finally {
    child.kill("SIGTERM");
  }
  expect(await exited, stderr).toBe(0);
}, 90_000);
