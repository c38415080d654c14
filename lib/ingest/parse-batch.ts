// Body bytes → validated rows: JSON, then the envelope (a wrong one fails the request with 400),
// the item cap, then each item on its own (a bad item is named in `rejected`, the rest go on).
// Duplicates inside one batch are dropped here: the first occurrence wins.
import type { z } from "zod";
import type { IngestTap } from "@/lib/catalog/ingest-tap";
import { AppError } from "@/lib/errors";
import { formatIssues } from "@/lib/ingest/format-issue";
import { deadLetterItem, deliveryItem, envelope, eventItem, type IngestResult } from "@/lib/ingest/schemas";
import {
  toDeadLetterRow,
  toDeliveryRow,
  toEventRow,
  type DeadLetterRow,
  type DeliveryRow,
  type EventRow,
  type RowOptions,
} from "@/lib/ingest/to-rows";

export type Rejected = IngestResult["rejected"][number];

export type ParsedBatch = {
  events: EventRow[];
  deliveries: DeliveryRow[];
  deadLetters: DeadLetterRow[];
  rejected: Rejected[];
  /** Items dropped because an earlier item of the same batch had the same key. */
  duplicates: number;
  /** What the schema catalog noted while parsing (absent with CATALOG=off). */
  catalog?: IngestTap;
};

export type ParseOptions = RowOptions & { maxItems: number };

export function parseJsonBody(body: Buffer | string): unknown {
  const text = typeof body === "string" ? body : body.toString("utf8");
  if (text.trim() === "") throw new AppError("invalid_json", "body is empty; expected a JSON object");
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new AppError(
      "invalid_json",
      `body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

function describe(v: unknown): string {
  if (v === null) return "null";
  return Array.isArray(v) ? "an array" : `a ${typeof v}`;
}

type Envelope = { events: unknown[]; deliveries: unknown[]; deadLetters: unknown[] };

export function checkEnvelope(body: unknown, maxItems: number): Envelope {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new AppError(
      "bad_request",
      `body must be a JSON object with "events", "deliveries" or "deadLetters" arrays (got ${describe(body)})`,
    );
  }
  const parsed = envelope.safeParse(body);
  if (!parsed.success) {
    const message = formatIssues(parsed.error.issues, body);
    throw new AppError("bad_request", `invalid envelope: ${message}`);
  }
  const e = {
    events: parsed.data.events ?? [],
    deliveries: parsed.data.deliveries ?? [],
    deadLetters: parsed.data.deadLetters ?? [],
  };
  const total = e.events.length + e.deliveries.length + e.deadLetters.length;
  if (total > maxItems) {
    throw new AppError(
      "payload_too_large",
      `batch has ${total} items; at most ${maxItems} are accepted per request, split it`,
    );
  }
  return e;
}

/** Validates each item of one kind, turning valid ones into rows and dropping in-batch duplicates. */
function collect<S extends z.ZodType, R>(
  items: unknown[],
  kind: Rejected["kind"],
  schema: S,
  toRow: (item: z.output<S>) => R | string,
  keyOf: (row: R) => string,
  out: { rows: R[]; rejected: Rejected[]; duplicates: number },
): void {
  const seen = new Set<string>();
  for (let index = 0; index < items.length; index++) {
    const input = items[index];
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      out.rejected.push({ kind, index, reason: formatIssues(parsed.error.issues, input) });
      continue;
    }
    const row = toRow(parsed.data);
    if (typeof row === "string") {
      out.rejected.push({ kind, index, reason: row });
      continue;
    }
    const key = keyOf(row);
    if (seen.has(key)) {
      out.duplicates++;
      continue;
    }
    seen.add(key);
    out.rows.push(row);
  }
}

/** Parses a whole batch; throws AppError for a body that is not a batch at all. */
export function parseBatch(body: unknown, opts: ParseOptions): ParsedBatch {
  const e = checkEnvelope(body, opts.maxItems);
  const rejected: Rejected[] = [];
  const ev = { rows: [] as EventRow[], rejected, duplicates: 0 };
  const dl = { rows: [] as DeliveryRow[], rejected, duplicates: 0 };
  const dead = { rows: [] as DeadLetterRow[], rejected, duplicates: 0 };
  // The same message id at another time is another event: the stored key includes published_at.
  collect(
    e.events,
    "event",
    eventItem,
    (i) => toEventRow(i, opts),
    (r) => `${r.broker}\0${r.id}\0${r.publishedMs}`,
    ev,
  );
  collect(
    e.deliveries,
    "delivery",
    deliveryItem,
    toDeliveryRow,
    (r) => `${r.broker}\0${r.messageId}\0${r.consumer}\0${r.attempt}`,
    dl,
  );
  collect(
    e.deadLetters,
    "deadLetter",
    deadLetterItem,
    (i) => toDeadLetterRow(i, opts),
    (r) => `${r.broker}\0${r.dedupeKey}`,
    dead,
  );
  return {
    events: ev.rows,
    deliveries: dl.rows,
    deadLetters: dead.rows,
    rejected,
    duplicates: ev.duplicates + dl.duplicates + dead.duplicates,
    ...(opts.catalog ? { catalog: opts.catalog } : {}),
  };
}
