// Adapters' read positions, kept in the outbox directory. Adapters set a position only after
// their messages are in the outbox, so saving later (every second, and at stop) is always safe:
// a crash costs at most a few messages read twice, which the server stores once.
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Checkpoints } from "@/collectors/core/adapter";

const FILE = "checkpoints.json";

export class CheckpointFile implements Checkpoints {
  private dirty = false;
  private saving: Promise<void> = Promise.resolve();

  private constructor(
    private readonly dir: string,
    private readonly values: Map<string, string>,
  ) {}

  static async open(dir: string): Promise<CheckpointFile> {
    let values = new Map<string, string>();
    try {
      const v = JSON.parse(await readFile(join(dir, FILE), "utf8")) as unknown;
      if (v && typeof v === "object")
        values = new Map(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === "string"));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
    return new CheckpointFile(dir, values);
  }

  get(key: string): string | undefined {
    return this.values.get(key);
  }

  set(key: string, value: string): void {
    if (this.values.get(key) === value) return;
    this.values.set(key, value);
    this.dirty = true;
  }

  /** Writes the positions if they changed (write + rename: whole or old, never torn). */
  save(): Promise<void> {
    if (!this.dirty) return this.saving;
    this.dirty = false;
    const text = JSON.stringify(Object.fromEntries(this.values));
    this.saving = this.saving.then(async () => {
      const tmp = join(this.dir, `${FILE}.tmp`);
      await writeFile(tmp, text);
      await rename(tmp, join(this.dir, FILE));
    });
    return this.saving;
  }
}
