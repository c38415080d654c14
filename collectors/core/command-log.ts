// The agent's memory of reprocess commands, on disk beside the outbox: a command id seen twice
// executes once (the repeat gets the stored outcome), and a command that was started but has no
// outcome after a crash is known as a possible duplicate when it runs again. Compaction forgets
// only outcomes the server has acknowledged (it has them on record, so it never asks again): an
// unacknowledged outcome forgotten would never be reported, and its command, pushed again after a
// reconnect, would run twice — 50 000 commands run faster than their results were recorded once
// made compaction do exactly that.
import { open, readFile, rename, writeFile, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import type { CommandResult } from "@/lib/collectors/protocol";

const FILE = "commands.ndjson";
const KEEP = 10_000;
/**
 * The file is compacted once it holds this many times the lines its last compaction kept (and at
 * least KEEP * 3): each compaction rewrites every kept line, so waiting for the file to triple keeps
 * that at about half a line per line appended, however long the agent runs. (At a fixed KEEP * 3 it
 * rewrote ~20 000 lines every ~3 300 commands: six lines per command, bench:reprocess.)
 */
const GROWTH = 3;

type Line =
  | { id: string; state: "started" }
  | { id: string; state: "done"; result: CommandResult }
  | { id: string; state: "acked" };

export class CommandLog {
  private lines = 0;
  /** Lines the last compaction wrote. */
  private kept = 0;
  /**
   * File writes one after another: an append racing a compaction's rename would be lost from disk
   * (a finished command would look merely started after a crash).
   */
  private io: Promise<void> = Promise.resolve();
  /**
   * Kept open for appends (three per window of commands: opening and closing the file for each was
   * ~5 % of the agent's CPU in bench:reprocess); reopened after a compaction replaced the file.
   */
  private file: FileHandle | undefined;
  /** Ids of the outcomes not yet acknowledged, oldest first (kept apart: `done` holds thousands). */
  private readonly pending = new Set<string>();

  private constructor(
    private readonly path: string,
    private readonly started: Set<string>,
    private readonly done: Map<string, { result: CommandResult; acked: boolean }>,
  ) {
    for (const [id, d] of done) if (!d.acked) this.pending.add(id);
  }

  static async open(dir: string): Promise<CommandLog> {
    const path = join(dir, FILE);
    const started = new Set<string>();
    const done = new Map<string, { result: CommandResult; acked: boolean }>();
    let text = "";
    try {
      text = await readFile(path, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
    for (const raw of text.split("\n")) {
      if (!raw) continue;
      let line: Line;
      try {
        line = JSON.parse(raw) as Line;
      } catch {
        continue; // a torn last line after a crash: that command has no outcome, so it counts as started
      }
      if (line.state === "started") started.add(line.id);
      else if (line.state === "done") {
        started.delete(line.id);
        done.set(line.id, { result: line.result, acked: false });
      } else {
        const d = done.get(line.id);
        if (d) d.acked = true;
      }
    }
    const log = new CommandLog(path, started, done);
    await log.compact();
    return log;
  }

  outcome(id: string): CommandResult | undefined {
    return this.done.get(id)?.result;
  }

  /** Started before and never finished: the broker may already have a copy. */
  wasStarted(id: string): boolean {
    return this.started.has(id);
  }

  /**
   * Outcomes the server has not acknowledged yet (resent on reconnect), oldest first, at most
   * `limit`, leaving out those in `skip` (sent, their acknowledgement still awaited).
   */
  unacked(limit = Number.POSITIVE_INFINITY, skip: ReadonlySet<string> = new Set()): CommandResult[] {
    const out: CommandResult[] = [];
    for (const id of this.pending) {
      if (out.length >= limit) break;
      if (skip.has(id)) continue;
      const d = this.done.get(id);
      if (d) out.push(d.result);
    }
    return out;
  }

  /** The server asks again for a finished command (its acknowledgement was lost): report the outcome again. */
  reportAgain(id: string): void {
    const d = this.done.get(id);
    if (!d) return;
    d.acked = false;
    this.pending.add(id);
  }

  /** One append for any number of commands (a window of them runs at once). */
  async markStarted(...ids: string[]): Promise<void> {
    for (const id of ids) this.started.add(id);
    await this.write(...ids.map((id) => ({ id, state: "started" as const })));
  }

  async markDone(...results: CommandResult[]): Promise<void> {
    for (const result of results) {
      this.started.delete(result.commandId);
      this.done.set(result.commandId, { result, acked: false });
      this.pending.add(result.commandId);
    }
    await this.write(...results.map((result) => ({ id: result.commandId, state: "done" as const, result })));
  }

  async markAcked(ids: readonly string[]): Promise<void> {
    const lines: Line[] = [];
    for (const id of ids) {
      const d = this.done.get(id);
      if (d && !d.acked) {
        d.acked = true;
        this.pending.delete(id);
        lines.push({ id, state: "acked" });
      }
    }
    if (lines.length > 0) await this.write(...lines);
    if (this.lines > Math.max(KEEP * 3, this.kept * GROWTH)) await this.serial(() => this.compact());
  }

  private write(...lines: Line[]): Promise<void> {
    this.lines += lines.length;
    const text = lines.map((l) => `${JSON.stringify(l)}\n`).join("");
    return this.serial(async () => {
      this.file ??= await open(this.path, "a");
      await this.file.appendFile(text);
    });
  }

  /** Releases the open file (the agent stops); a later write opens it again. */
  close(): Promise<void> {
    return this.serial(() => this.release());
  }

  private async release(): Promise<void> {
    const file = this.file;
    this.file = undefined;
    await file?.close();
  }

  private serial(io: () => Promise<void>): Promise<void> {
    const next = this.io.then(io);
    this.io = next.catch(() => undefined);
    return next;
  }

  /**
   * Rewrites the file with what still matters: started commands, every unacknowledged outcome and
   * the latest KEEP acknowledged ones.
   */
  private async compact(): Promise<void> {
    const entries = [...this.done.entries()];
    const drop = Math.max(0, entries.filter(([, d]) => d.acked).length - KEEP);
    let dropped = 0;
    const keep = entries.filter(([, d]) => !(d.acked && dropped++ < drop));
    this.done.clear();
    for (const [id, d] of keep) this.done.set(id, d);
    const lines: Line[] = [...this.started].map((id) => ({ id, state: "started" as const }));
    for (const [id, d] of keep) {
      lines.push({ id, state: "done", result: d.result });
      if (d.acked) lines.push({ id, state: "acked" });
    }
    const tmp = `${this.path}.tmp`;
    await writeFile(tmp, lines.map((l) => `${JSON.stringify(l)}\n`).join(""));
    await rename(tmp, this.path);
    await this.release(); // appends go to the new file
    this.lines = lines.length;
    this.kept = lines.length;
  }
}
