// Starts the real app (custom server: Next + socket.io + demo source) as a child process and
// waits until GET /api/health answers 200; stop() sends SIGTERM and waits for a clean exit.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

const HEALTH_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;
const OUTPUT_DRAIN_MS = 2_000;

export type AppServer = { baseURL: string; stop: () => Promise<void> };

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === "object" ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

function logTail(logFile: string, lines = 40): string {
  try {
    return readFileSync(logFile, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no server log)";
  }
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
}

async function waitForHealth(baseURL: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(
        `the app exited with code ${child.exitCode} before it was healthy:\n${logTail(logFile)}`,
      );
    try {
      const res = await fetch(`${baseURL}/api/health`, { signal: AbortSignal.timeout(5_000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(
    `GET ${baseURL}/api/health was not 200 within ${HEALTH_TIMEOUT_MS / 1000} s (last: ${last}):\n${logTail(logFile)}`,
  );
}

/**
 * Starts the app with `env` on top of this process's environment; its output goes to `logFile`.
 * `nodeArgs` go to node before the entry point (e.g. `--cpu-prof`, which NODE_OPTIONS refuses).
 */
export async function startAppServer(
  env: Record<string, string>,
  logFile: string,
  nodeArgs: readonly string[] = [],
): Promise<AppServer> {
  if (!existsSync(".next/BUILD_ID"))
    throw new Error(
      "no production build in .next/: run `npx next build` first (the app runs with NODE_ENV=production)",
    );
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  mkdirSync(path.dirname(logFile), { recursive: true });
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "server/index.ts"], {
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Both streams into one file, ended once both are done: output can still arrive after "exit",
  // and a write after end would crash this process and hide why the app stopped.
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const outputDone = new Promise<void>((resolve) => child.once("close", () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
      await exited(child);
      clearTimeout(timer);
    }
    // A grandchild holding the pipes (an embedded Postgres) must not hold up the stop.
    await Promise.race([outputDone, new Promise((r) => setTimeout(r, OUTPUT_DRAIN_MS))]);
    log.end();
  };
  try {
    await waitForHealth(baseURL, child, logFile);
  } catch (err) {
    await stop();
    throw err;
  }
  return { baseURL, stop };
}
