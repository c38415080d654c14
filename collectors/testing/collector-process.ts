// A collector run the way an operator runs it: the CLI (collectors/bin.mjs) as a child process with a
// YAML config file, so a test can kill it with SIGKILL — no stop(), no flush, no outcome written
// after the signal — and start it again on the same outbox directory, as after a crash.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../bin.mjs", import.meta.url));

export type CollectorProcess = {
  /** The outbox (and command log) directory: pass it to the next start to resume after a kill. */
  dir: string;
  /** Sends the signal and waits for the process to be gone. */
  kill: (signal: NodeJS.Signals) => Promise<void>;
  /** What it printed (stdout and stderr), for a failing test's message. */
  output: () => string;
};

/**
 * Starts `node collectors/bin.mjs --config <file>`. `config` is the collector's config (server URL,
 * broker, dead-letter queues…) as an object; it is written as JSON, which is YAML. The token goes
 * in EVENTSCOPE_TOKEN, never in the file.
 */
export async function startCollectorProcess(o: {
  config: Record<string, unknown>;
  token: string;
  /** Resume on this outbox directory (a restart); default a new one. */
  dir?: string;
}): Promise<CollectorProcess> {
  const dir = o.dir ?? (await mkdtemp(join(tmpdir(), "es-collector-proc-")));
  const file = join(dir, "collector.yaml");
  await writeFile(file, JSON.stringify({ ...o.config, outbox: { dir } }));
  const child: ChildProcess = spawn(process.execPath, [BIN, "--config", file], {
    env: { ...process.env, EVENTSCOPE_TOKEN: o.token },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    dir,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
    output: () => out,
  };
}
