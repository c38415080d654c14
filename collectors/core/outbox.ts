// The agent's disk-backed outbox: every item is written to an append-only segment file before it
// can be sent, and leaves only when the server confirmed it (or refused it for good). A restart —
// clean, crashed or kill -9 — resends what was not confirmed; the server stores each id once.
//
// Layout under `dir`: seg-<first seq>.ndjson files of lines "<kind letter><json>\n", and
// ack.json = { seq, segment, offset } of the last released record (written by rename, so it is
// whole or old; an old one only means a few confirmed items are sent again). A torn last line
// after a crash is cut off on open.
//
// Writes are group-committed: appends made while a write is in flight go out in the next single
// write(2). An append resolves once its bytes are in the file (a killed process loses nothing the
// kernel has); fdatasync runs every syncIntervalMs, off the write path, for machine crashes. Bounded by maxBytes: when
// full, appends wait for room ("block": the adapter stops pulling from its broker) or are dropped
// and counted ("drop-newest"). Dead letters always wait: they stay on the broker meanwhile.
import { closeSync, openSync } from "node:fs";
import { mkdir, open, readdir, readFile, rm, stat, writeFile, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import type { CollectorLog } from "@/collectors/core/log";
import { OutboxReader, readAck, type Segment } from "@/collectors/core/outbox-reader";
import type { ItemKind, QueuedRecord, ReleaseOutcome, SendQueue } from "@/collectors/core/send-queue";

export type OutboxOptions = {
  dir: string;
  maxBytes: number;
  whenFull: "block" | "drop-newest";
  segmentBytes?: number;
  syncIntervalMs?: number;
  /** Newest records kept in memory as well, so sending need not read them back (default 32 MiB). */
  memoryTailBytes?: number;
  log: CollectorLog;
  /** Told when records left the outbox: for dead-letter confirmations. */
  onRelease?: (records: readonly QueuedRecord[], outcome: ReleaseOutcome) => void;
};

export type OutboxStats = { items: number; bytes: number; appended: number; dropped: number; writes: number };

const LETTER: Record<ItemKind, string> = { event: "e", delivery: "d", deadLetter: "l" };
const LOCK_FILE = "lock";

type Pending = {
  kind: ItemKind;
  json: string;
  line: string;
  bytes: number;
  resolve: (seq: number) => void;
  reject: (e: Error) => void;
};

export class Outbox implements SendQueue {
  private readonly segmentBytes: number;
  private readonly syncIntervalMs: number;
  private pending: Pending[] = [];
  private pendingBytes = 0;
  private writing: Promise<void> | undefined;
  private fd: FileHandle | undefined;
  private unsynced = false;
  private syncing: Promise<void> | undefined;
  private readonly syncTimer: ReturnType<typeof setInterval>;
  private roomWaiters: (() => void)[] = [];
  private closed = false;
  private droppingEpisode = false;
  private readonly counters = { appended: 0, dropped: 0, writes: 0 };

  private constructor(
    private readonly o: OutboxOptions,
    private readonly segments: Segment[],
    private readonly reader: OutboxReader,
    private nextSeq: number,
  ) {
    this.segmentBytes = o.segmentBytes ?? 16 * 1024 * 1024;
    this.syncIntervalMs = o.syncIntervalMs ?? 100;
    // fdatasync off the write path: appends never wait for the disk's flush, only for write(2).
    this.syncTimer = setInterval(() => {
      if (!this.unsynced || !this.fd) return;
      this.unsynced = false;
      this.fd
        .datasync()
        .catch((err: unknown) => this.o.log.warn({ err: String(err) }, "outbox: fdatasync failed"));
    }, this.syncIntervalMs);
    this.syncTimer.unref();
  }

  /** Opens (creating) the outbox in `dir`, recovering what an earlier run left. One process per dir. */
  static async open(o: OutboxOptions): Promise<Outbox> {
    await mkdir(o.dir, { recursive: true });
    await takeLock(o.dir);
    const ack = await readAck(o.dir);
    const segments = await recoverSegments(o.dir, ack.seq, o.log);
    const last = segments.at(-1);
    const nextSeq = last ? last.firstSeq + last.count : ack.seq + 1;
    const reader = new OutboxReader(o.dir, segments, ack, o.memoryTailBytes);
    const box = new Outbox(o, segments, reader, nextSeq);
    if (reader.length > 0)
      o.log.info({ items: reader.length, dir: o.dir }, "outbox: resending unconfirmed items");
    return box;
  }

  get length(): number {
    return this.reader.length;
  }

  /** Bytes held: unconfirmed records on disk plus appends not yet written. */
  get bytes(): number {
    return this.reader.bytes + this.pendingBytes;
  }

  get full(): boolean {
    return this.bytes >= this.o.maxBytes;
  }

  stats(): OutboxStats {
    return { items: this.reader.length + this.pending.length, bytes: this.bytes, ...this.counters };
  }

  /**
   * Appends one item; resolves with its sequence number once written, or with -1 when the outbox
   * was full and the policy dropped it. Rejects after close().
   */
  async append(kind: ItemKind, json: string): Promise<number> {
    while (this.full && !this.closed) {
      if (this.o.whenFull === "drop-newest" && kind !== "deadLetter") {
        this.counters.dropped++;
        if (!this.droppingEpisode) {
          this.droppingEpisode = true;
          this.o.log.error(
            { maxBytes: this.o.maxBytes, dir: this.o.dir },
            "outbox is full: dropping new items until the server catches up (whenFull: drop-newest)",
          );
        }
        return -1;
      }
      await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
    }
    if (this.closed) throw new Error("outbox is closed");
    this.droppingEpisode = false;
    const line = `${LETTER[kind]}${json}\n`;
    const bytes = Buffer.byteLength(line);
    const seq = new Promise<number>((resolve, reject) =>
      this.pending.push({ kind, json, line, bytes, resolve, reject }),
    );
    this.pendingBytes += bytes;
    this.writing ??= this.writeLoop();
    return seq;
  }

  take(maxItems: number, maxBytes: number): Promise<QueuedRecord[]> {
    return this.reader.take(maxItems, maxBytes);
  }

  untake(): void {
    this.reader.untake();
  }

  async release(records: readonly QueuedRecord[], outcome: ReleaseOutcome): Promise<void> {
    if (records.length === 0) return;
    await this.reader.release(records.length);
    await this.removeSpentSegments();
    this.o.onRelease?.(records, outcome);
    for (const wake of this.roomWaiters.splice(0)) wake();
  }

  /** Waits for appends in flight, syncs, remembers the confirmed position. Further appends reject. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.syncTimer);
    for (const wake of this.roomWaiters.splice(0)) wake();
    while (this.writing) await this.writing;
    await this.closeFile();
    await this.reader.saveAck();
    await rm(join(this.o.dir, LOCK_FILE), { force: true });
  }

  private async writeLoop(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const group = this.pending;
        this.pending = [];
        const text = group.map((p) => p.line).join("");
        const bytes = Buffer.from(text);
        try {
          const seg = await this.segmentFor();
          for (let done = 0; done < bytes.length;) {
            done += (await this.fd!.write(bytes, done, bytes.length - done)).bytesWritten;
          }
          this.unsynced = true;
          const first = this.nextSeq;
          this.nextSeq += group.length;
          this.reader.appended(seg, group);
          this.pendingBytes -= bytes.length;
          this.counters.appended += group.length;
          this.counters.writes++;
          group.forEach((p, i) => p.resolve(first + i));
        } catch (err) {
          // A full disk or a vanished directory: these appends fail (the adapter leaves the
          // messages on the broker); later ones try again.
          this.pendingBytes -= bytes.length;
          const e = new Error(`outbox write failed: ${err instanceof Error ? err.message : String(err)}`);
          for (const p of group) p.reject(e);
        }
      }
    } finally {
      this.writing = undefined;
    }
  }

  /** Syncs and closes the current segment file; the sync timer lets go of it first. */
  private async closeFile(): Promise<void> {
    const fd = this.fd;
    this.fd = undefined;
    await this.syncing;
    await fd?.datasync();
    await fd?.close();
  }

  /** The segment to write to, starting a new one when the current is full. */
  private async segmentFor(): Promise<Segment> {
    let seg = this.segments.at(-1);
    if (!seg || seg.bytes >= this.segmentBytes) {
      await this.closeFile();
      seg = { firstSeq: this.nextSeq, count: 0, bytes: 0, path: segmentPath(this.o.dir, this.nextSeq) };
      this.segments.push(seg);
      this.fd = await open(seg.path, "a");
    }
    this.fd ??= await open(seg.path, "a");
    return seg;
  }

  private async removeSpentSegments(): Promise<void> {
    // Every segment but the last that lies wholly before the confirmed position is spent.
    while (this.segments.length > 1 && this.reader.spent(this.segments[0]!)) {
      const seg = this.segments.shift()!;
      await rm(seg.path, { force: true });
    }
  }
}

function segmentPath(dir: string, firstSeq: number): string {
  return join(dir, `seg-${String(firstSeq).padStart(16, "0")}.ndjson`);
}

/** Lists segments, drops wholly confirmed ones, cuts a torn last line. */
async function recoverSegments(dir: string, ackedSeq: number, log: CollectorLog): Promise<Segment[]> {
  const names = (await readdir(dir)).filter((n) => /^seg-\d{16}\.ndjson$/.test(n)).sort();
  const segments: Segment[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const firstSeq = Number(name.slice(4, 20));
    const data = await readFile(path);
    let end = data.lastIndexOf(10) + 1; // up to the last newline: a torn line never counts
    if (end < data.length) {
      log.warn({ path, bytes: data.length - end }, "outbox: cutting a partly written last line");
      const fh = await open(path, "r+");
      await fh.truncate(end);
      await fh.close();
    }
    let count = 0;
    for (let i = data.indexOf(10); i !== -1 && i < end; i = data.indexOf(10, i + 1)) count++;
    end = (await stat(path)).size;
    segments.push({ firstSeq, count, bytes: end, path });
  }
  // Everything up to the confirmed position in earlier segments is spent.
  while (segments.length > 1) {
    const s = segments[0]!;
    if (s.firstSeq + s.count - 1 > ackedSeq) break;
    await rm(s.path, { force: true });
    segments.shift();
  }
  return segments;
}

/** Refuses a second process on the same outbox: two writers would interleave and double-send. */
async function takeLock(dir: string): Promise<void> {
  const path = join(dir, LOCK_FILE);
  try {
    const fd = openSync(path, "wx");
    closeSync(fd);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    const pid = Number((await readFile(path, "utf8").catch(() => "")).trim());
    if (pid > 0 && pid !== process.pid && isAlive(pid))
      throw new Error(`outbox ${dir} is in use by process ${pid}; give each collector its own outbox.dir`);
  }
  await writeFile(path, String(process.pid));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
