// What the sender drains: a FIFO of ingest items already serialised as JSON. Two kinds exist —
// the disk outbox (collector agents: nothing lost across restarts) and the in-memory queue (the
// server's in-process demo source) — so the sender has one way to batch, retry and confirm.

export type ItemKind = "event" | "delivery" | "deadLetter";

export type QueuedRecord = {
  /** Position in the queue, increasing; the outbox's sequence number survives restarts. */
  seq: number;
  kind: ItemKind;
  /** The item as JSON, in the ingest contract's shape. */
  json: string;
};

export type ReleaseOutcome =
  | { kind: "sent"; rejected: ReadonlyMap<number, string> } // rejected: seq → the server's reason
  | { kind: "dropped"; reason: string };

export interface SendQueue {
  /** Records not yet taken. */
  readonly length: number;
  /** Bytes of the records held (taken ones too, until released): the Collectors page's outbox size. */
  readonly bytes: number;
  /** Up to `maxItems` records (and about `maxBytes` of JSON, at least one record) from the front; not removed until released. */
  take(maxItems: number, maxBytes: number): Promise<QueuedRecord[]>;
  /** The taken records are done (confirmed by the server, or given up): remove them for good. */
  release(records: readonly QueuedRecord[], outcome: ReleaseOutcome): Promise<void>;
  /** Records taken but not released go back to the front (the sender stopped mid-request). */
  untake(): void;
}

const KEYS: Record<ItemKind, string> = { event: "events", delivery: "deliveries", deadLetter: "deadLetters" };

/**
 * The wire body for a batch, built from the stored JSON without parsing it again. Returns the body
 * and, per kind, the records in body order (the server's `rejected` indexes count within a kind).
 */
export function batchBody(records: readonly QueuedRecord[]): {
  body: string;
  byKind: Record<ItemKind, QueuedRecord[]>;
} {
  const byKind: Record<ItemKind, QueuedRecord[]> = { event: [], delivery: [], deadLetter: [] };
  for (const r of records) byKind[r.kind].push(r);
  const parts: string[] = [];
  for (const kind of ["event", "delivery", "deadLetter"] as const) {
    const list = byKind[kind];
    if (list.length > 0) parts.push(`"${KEYS[kind]}":[${list.map((r) => r.json).join(",")}]`);
  }
  return { body: `{${parts.join(",")}}`, byKind };
}
