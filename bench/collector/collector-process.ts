// One collector agent as its own process (as in production), configured for a benchmark run:
// started from a YAML file, ready once /healthz says the broker is connected, stopped with SIGTERM.
import { fork, spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { freePort } from "@/lib/testing/app-server";

export type CollectorProcess = { stop: () => Promise<void> };

/** Starts a collector; with `dir` (its outbox and read positions) a restart resumes where it stopped. */
export async function startCollectorProcess(o: {
  server: string;
  token: string;
  broker: Record<string, unknown>;
  dir?: string;
}): Promise<CollectorProcess> {
  const dir = o.dir ?? (await mkdtemp(join(tmpdir(), "es-bench-collector-")));
  const port = await freePort();
  const file = join(dir, "collector.yaml");
  await writeFile(
    file,
    stringify({
      server: { url: o.server, token: o.token },
      broker: o.broker,
      outbox: { dir: join(dir, "outbox") },
      metrics: { listen: `127.0.0.1:${port}` },
      commands: { enabled: false },
      log: { level: "warn" },
    }),
  );
  // BENCH_PROFILE=<dir> writes a V8 CPU profile of each collector process there.
  const profile = process.env.BENCH_PROFILE
    ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
    : [];
  // BENCH_NICE=19 runs the collector below the broker's and the publisher's priority.
  const nice = process.env.BENCH_NICE ? ["nice", "-n", process.env.BENCH_NICE] : [];
  const [cmd, ...cmdArgs] = [
    ...nice,
    process.execPath,
    ...profile,
    "--import",
    "tsx",
    "collectors/main.ts",
    "--config",
    file,
  ];
  const child: ChildProcess = spawn(cmd!, cmdArgs, { stdio: ["ignore", "inherit", "inherit"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the collector exited with ${child.exitCode}`);
    try {
      const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as {
        brokerConnected?: boolean;
      };
      if (health.brokerConnected) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error("the collector did not connect to its broker within 60 s");
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
      if (!o.dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The cheapest observer of the same broker (bench/collector/bare-observer.ts), as its own process. */
export async function startBareObserver(broker: Record<string, unknown>): Promise<CollectorProcess> {
  const child = fork("bench/collector/bare-observer.ts", [JSON.stringify(broker)], {
    execArgv: ["--import", "tsx"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`the bare observer exited with ${code}`)));
  });
  return {
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}
