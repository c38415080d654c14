// The sender's bounded in-memory FIFO of ingest items (events, deliveries, dead letters).
// Taking from the front is O(1) amortised: a head index, compacted once half the array is spent.
import type { DeadLetterInput, DeliveryInput, EventInput, IngestBody } from "@/lib/ingest/schemas";

export type QueuedItem =
  | { kind: "event"; item: EventInput }
  | { kind: "delivery"; item: DeliveryInput }
  | { kind: "deadLetter"; item: DeadLetterInput };

export class ItemQueue {
  private items: QueuedItem[] = [];
  private head = 0;

  constructor(readonly capacity: number) {}

  get length(): number {
    return this.items.length - this.head;
  }

  /** Appends what fits; returns how many items did not fit (the caller counts them as dropped). */
  push(body: IngestBody): number {
    let dropped = 0;
    const add = (q: QueuedItem) => {
      if (this.length >= this.capacity) dropped++;
      else this.items.push(q);
    };
    for (const item of body.events ?? []) add({ kind: "event", item });
    for (const item of body.deliveries ?? []) add({ kind: "delivery", item });
    for (const item of body.deadLetters ?? []) add({ kind: "deadLetter", item });
    return dropped;
  }

  take(max: number): QueuedItem[] {
    const out = this.items.slice(this.head, this.head + max);
    this.head += out.length;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return out;
  }

  clear(): number {
    const n = this.length;
    this.items = [];
    this.head = 0;
    return n;
  }
}

/** The wire body for a batch, in the ingest contract's shape. */
export function toBody(batch: readonly QueuedItem[]): IngestBody {
  const events: EventInput[] = [];
  const deliveries: DeliveryInput[] = [];
  const deadLetters: DeadLetterInput[] = [];
  for (const q of batch) {
    if (q.kind === "event") events.push(q.item);
    else if (q.kind === "delivery") deliveries.push(q.item);
    else deadLetters.push(q.item);
  }
  const body: IngestBody = {};
  if (events.length) body.events = events;
  if (deliveries.length) body.deliveries = deliveries;
  if (deadLetters.length) body.deadLetters = deadLetters;
  return body;
}
