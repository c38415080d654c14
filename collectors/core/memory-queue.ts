// The in-memory SendQueue of the server's in-process demo source: bounded, FIFO, lost on exit
// (the demo's events are made up; agents use the disk outbox). Items are serialised on push.
// Taking from the front is O(1) amortised: a head index, compacted once half the array is spent.
import type { IngestBody } from "@/lib/ingest/schemas";
import type { ItemKind, QueuedRecord, ReleaseOutcome, SendQueue } from "@/collectors/core/send-queue";

export class MemoryQueue implements SendQueue {
  private items: QueuedRecord[] = [];
  private head = 0;
  private taken = 0;
  private nextSeq = 1;
  private held = 0;

  constructor(readonly capacity: number) {}

  get length(): number {
    return this.items.length - this.head - this.taken;
  }

  get bytes(): number {
    return this.held;
  }

  /** Appends what fits; returns how many items did not fit (the caller counts them as dropped). */
  push(body: IngestBody): number {
    let dropped = 0;
    const add = (kind: ItemKind, item: unknown) => {
      if (this.items.length - this.head >= this.capacity) dropped++;
      else {
        const json = JSON.stringify(item);
        this.items.push({ seq: this.nextSeq++, kind, json });
        this.held += Buffer.byteLength(json);
      }
    };
    for (const item of body.events ?? []) add("event", item);
    for (const item of body.deliveries ?? []) add("delivery", item);
    for (const item of body.deadLetters ?? []) add("deadLetter", item);
    return dropped;
  }

  take(maxItems: number, maxBytes: number): Promise<QueuedRecord[]> {
    const out: QueuedRecord[] = [];
    let bytes = 0;
    for (let i = this.head + this.taken; i < this.items.length && out.length < maxItems; i++) {
      const r = this.items[i]!;
      if (out.length > 0 && bytes + r.json.length > maxBytes) break;
      bytes += r.json.length;
      out.push(r);
    }
    this.taken += out.length;
    return Promise.resolve(out);
  }

  release(records: readonly QueuedRecord[], _outcome: ReleaseOutcome): Promise<void> {
    for (const r of records) this.held -= Buffer.byteLength(r.json);
    this.head += records.length;
    this.taken = Math.max(0, this.taken - records.length);
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return Promise.resolve();
  }

  untake(): void {
    this.taken = 0;
  }

  /** Empties the queue; returns how many items were in it. */
  clear(): number {
    const n = this.items.length - this.head;
    this.items = [];
    this.head = 0;
    this.taken = 0;
    this.held = 0;
    return n;
  }
}
