// The collector's command line as a user runs it: a config problem is reported before anything
// connects, with exit code 2; --check says what it would run.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

function run(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "collectors/main.ts", ...args], {
    encoding: "utf8",
    env: { ...process.env, EVENTSCOPE_TOKEN: "" },
    timeout: 30_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("npm run collector", () => {
  it("checks a valid config without connecting anywhere", () => {
    const r = run("--config", "collectors/examples/redis.yaml", "--token", "esc_test", "--check");
    expect(r.err).toBe("");
    expect(r.out).toMatch(/^config OK: redis broker "redis-prod" → http:\/\/127\.0\.0\.1:3000/);
    expect(r.code).toBe(0);
  });

  it("refuses a bad config with where and what, exit code 2", () => {
    const dir = mkdtempSync(join(tmpdir(), "es-cli-"));
    const file = join(dir, "c.yaml");
    writeFileSync(
      file,
      "server: { url: 'http://x:1', token: esc_a }\nbroker:\n  kind: rabbitmq\n  url: amqp://h\n  prefetch: lots\n",
    );
    const r = run("--config", file);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}:5:13 broker.prefetch: prefetch must be a number`);
  });

  it("says what is missing: a token, a broker, an unknown flag", () => {
    expect(run("--broker", "redis", "--url", "redis://h:6379", "--source", "s")).toMatchObject({
      code: 2,
      err: expect.stringMatching(/No collector token/),
    });
    expect(run()).toMatchObject({
      code: 2,
      err: expect.stringMatching(/either --config <file> or --broker <kind>/),
    });
    expect(run("--colour")).toMatchObject({
      code: 2,
      err: expect.stringMatching(/Unknown option '--colour'[\s\S]*Usage:/),
    });
  });
});
