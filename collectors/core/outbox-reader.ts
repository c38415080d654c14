// The outbox's read side: a cursor over the segment files for take(), the confirmed position
// (ack) for release(), and the counts both need. The newest records are also kept in memory (up
// to TAIL_MAX_BYTES), so a collector keeping up sends without reading its own writes back; older
// ones — a backlog, or everything after a restart — are read from the files, so an outbox of
// gigabytes never sits in memory.
import { open, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ItemKind, QueuedRecord } from "@/collectors/core/send-queue";

export type Segment = { firstSeq: number; count: number; bytes: number; path: string };
/** A place in the outbox: after record `seq`, at byte `offset` of the segment starting at seq `segment`. */
export type Position = { seq: number; segment: number; offset: number };
const ACK_FILE = "ack.json";
type Taken = Position & { bytes: number };

const KIND: Record<string, ItemKind> = { e: "event", d: "delivery", l: "deadLetter" };
export const TAIL_MAX_BYTES = 32 * 1024 * 1024;

/** A written record still in memory, with where it ends on disk. */
type TailRecord = QueuedRecord & { segment: number; end: number; bytes: number };
const MIN_READ = 64 * 1024;

export class OutboxReader {
  private ack: Position;
  private cursor: Position;
  private taken: Taken[] = [];
  private tail: TailRecord[] = [];
  private tailHead = 0;
  private tailBytes = 0;
  private writtenSeq: number;
  private unconfirmedBytes: number;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly dir: string,
    private readonly segments: Segment[],
    ack: Position,
    private readonly tailMaxBytes = TAIL_MAX_BYTES,
  ) {
    const first = segments[0];
    // The confirmed position's segment may be gone (fully spent): start at the first one left.
    this.ack =
      first && ack.segment < first.firstSeq
        ? { seq: first.firstSeq - 1, segment: first.firstSeq, offset: 0 }
        : ack;
    if (first && this.ack.seq < first.firstSeq - 1)
      this.ack = { seq: first.firstSeq - 1, segment: first.firstSeq, offset: 0 };
    this.cursor = { ...this.ack };
    const last = segments.at(-1);
    this.writtenSeq = last ? last.firstSeq + last.count - 1 : this.ack.seq;
    this.unconfirmedBytes =
      segments.reduce((n, s) => n + s.bytes, 0) -
      (first?.firstSeq === this.ack.segment ? this.ack.offset : 0);
  }

  /** Records written and not yet taken. */
  get length(): number {
    return this.writtenSeq - this.cursor.seq;
  }

  /** Bytes of records written and not yet confirmed. */
  get bytes(): number {
    return this.unconfirmedBytes;
  }

  /** Records just written at the end of `seg`, in order. */
  appended(seg: Segment, records: readonly { kind: ItemKind; json: string; bytes: number }[]): void {
    let end = seg.bytes;
    for (const r of records) {
      end += r.bytes;
      this.writtenSeq++;
      this.tail.push({
        seq: this.writtenSeq,
        kind: r.kind,
        json: r.json,
        segment: seg.firstSeq,
        end,
        bytes: r.bytes,
      });
      this.tailBytes += r.bytes;
    }
    const bytes = end - seg.bytes;
    seg.count += records.length;
    seg.bytes = end;
    this.unconfirmedBytes += bytes;
    // Over the cap the oldest leave memory; take() reads them from the file when it gets there.
    while (this.tailBytes > this.tailMaxBytes && this.tailHead < this.tail.length)
      this.tailBytes -= this.tail[this.tailHead++]!.bytes;
    this.compactTail();
  }

  async take(maxItems: number, maxBytes: number): Promise<QueuedRecord[]> {
    const out: QueuedRecord[] = [];
    let budget = maxBytes;
    while (out.length < maxItems && this.length > 0) {
      const fromMemory = this.takeFromTail(
        maxItems - out.length,
        out.length === 0 ? Math.max(budget, 1) : budget,
      );
      if (fromMemory.length > 0) {
        for (const r of fromMemory) budget -= r.json.length;
        out.push(...fromMemory);
        if (budget <= 0) break;
        continue;
      }
      let seg = this.segmentOf(this.cursor.segment);
      if (!seg || this.cursor.offset >= seg.bytes) {
        const next = this.segments.find((s) => s.firstSeq === this.cursor.seq + 1);
        if (!next || next === seg) break;
        this.cursor = { ...this.cursor, segment: next.firstSeq, offset: 0 };
        seg = next;
      }
      const got = await this.readFrom(
        seg,
        maxItems - out.length,
        out.length === 0 ? Math.max(budget, 1) : budget,
      );
      if (got.length === 0) break;
      for (const r of got) budget -= r.json.length;
      out.push(...got);
      if (budget <= 0) break;
    }
    return out;
  }

  /** The records after the cursor that are still in memory (none when the next one is not). */
  private takeFromTail(maxItems: number, maxBytes: number): QueuedRecord[] {
    const first = this.tail[this.tailHead];
    if (!first) return [];
    let i = this.tailHead + (this.cursor.seq + 1 - first.seq);
    if (i < this.tailHead || i >= this.tail.length) return [];
    const out: QueuedRecord[] = [];
    let used = 0;
    for (; i < this.tail.length && out.length < maxItems; i++) {
      const r = this.tail[i]!;
      if (out.length > 0 && used + r.bytes > maxBytes) break;
      out.push({ seq: r.seq, kind: r.kind, json: r.json });
      this.cursor = { seq: r.seq, segment: r.segment, offset: r.end };
      this.taken.push({ ...this.cursor, bytes: r.bytes });
      used += r.bytes;
    }
    return out;
  }

  /** Drops confirmed records from memory; compacts the array once half of it is spent. */
  private compactTail(): void {
    while (this.tailHead < this.tail.length && this.tail[this.tailHead]!.seq <= this.ack.seq)
      this.tailBytes -= this.tail[this.tailHead++]!.bytes;
    if (this.tailHead > 1024 && this.tailHead * 2 > this.tail.length) {
      this.tail = this.tail.slice(this.tailHead);
      this.tailHead = 0;
    }
  }

  /** Reads whole lines of one segment from the cursor: at most maxItems, about maxBytes (at least one line). */
  private async readFrom(seg: Segment, maxItems: number, maxBytes: number): Promise<QueuedRecord[]> {
    const out: QueuedRecord[] = [];
    const fh = await open(seg.path, "r");
    try {
      let want = Math.max(MIN_READ, Math.min(maxBytes, 8 * 1024 * 1024));
      for (;;) {
        const len = Math.min(want, seg.bytes - this.cursor.offset);
        const buf = Buffer.allocUnsafe(len);
        const { bytesRead } = await fh.read(buf, 0, len, this.cursor.offset);
        let start = 0;
        let used = 0;
        for (let nl = buf.indexOf(10, 0); nl !== -1 && nl < bytesRead; nl = buf.indexOf(10, start)) {
          const line = buf.toString("utf8", start, nl);
          const bytes = nl + 1 - start;
          if (out.length > 0 && (out.length >= maxItems || used + bytes > maxBytes)) break;
          const kind = KIND[line[0] ?? ""];
          if (!kind) throw new Error(`outbox ${seg.path} is damaged at byte ${this.cursor.offset + start}`);
          const seq = this.cursor.seq + 1;
          out.push({ seq, kind, json: line.slice(1) });
          this.cursor = { seq, segment: seg.firstSeq, offset: this.cursor.offset + bytes };
          this.taken.push({ ...this.cursor, bytes });
          used += bytes;
          start = nl + 1;
        }
        // A line longer than what was read: read again, bigger.
        if (out.length === 0 && bytesRead === want && this.cursor.offset + bytesRead < seg.bytes) {
          want *= 2;
          continue;
        }
        return out;
      }
    } finally {
      await fh.close();
    }
  }

  /** The first `n` taken records are confirmed: move the confirmed position past them. */
  async release(n: number): Promise<void> {
    const done = this.taken.splice(0, n);
    const last = done.at(-1);
    if (!last) return;
    for (const t of done) this.unconfirmedBytes -= t.bytes;
    this.ack = { seq: last.seq, segment: last.segment, offset: last.offset };
    this.compactTail();
    await this.saveAck();
  }

  /** Taken but unconfirmed records will be taken again. */
  untake(): void {
    this.taken = [];
    this.cursor = { ...this.ack };
  }

  spent(seg: Segment): boolean {
    return seg.firstSeq + seg.count - 1 <= this.ack.seq && seg.count > 0;
  }

  /** Persists the confirmed position; saves are chained so an older one never lands last. */
  saveAck(): Promise<void> {
    const ack = { ...this.ack };
    this.saving = this.saving.then(() => writeAck(this.dir, ack));
    return this.saving;
  }

  private segmentOf(firstSeq: number): Segment | undefined {
    return this.segments.find((s) => s.firstSeq === firstSeq);
  }
}

export async function readAck(dir: string): Promise<Position> {
  try {
    const v = JSON.parse(await readFile(join(dir, ACK_FILE), "utf8")) as Partial<Position>;
    if (typeof v.seq === "number" && typeof v.segment === "number" && typeof v.offset === "number")
      return { seq: v.seq, segment: v.segment, offset: v.offset };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  return { seq: 0, segment: 0, offset: 0 };
}

export async function writeAck(dir: string, ack: Position): Promise<void> {
  const tmp = join(dir, `${ACK_FILE}.tmp`);
  await writeFile(tmp, JSON.stringify(ack));
  await rename(tmp, join(dir, ACK_FILE));
}
