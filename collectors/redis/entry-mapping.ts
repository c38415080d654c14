// Pure mapping between Redis stream entries (flat field/value lists of Buffers) and the adapter
// contract's messages and dead letters, and back to XADD fields for a republish.
import {
  REPROCESS_ID_HEADER,
  type ObservedDeadLetter,
  type ObservedMessage,
  type RepublishRequest,
} from "@/collectors/core/adapter";
import type { ClaimConfig, DeadLetterStreamConfig } from "@/collectors/redis/config";

/** A stream entry as XREAD / XRANGE return it with the Buffer variants. */
export type RawEntry = { id: string; fields: Buffer[] };

/** Tried in order when no payloadField is configured. */
export const DEFAULT_PAYLOAD_FIELDS = ["payload", "data", "body", "message"] as const;

/**
 * The content type of a message whose body is all the entry's fields as one JSON object (no
 * payload field). A republish of it writes those fields back as fields, so the copy has the
 * original's shape instead of one `payload` field holding JSON.
 */
export const FIELD_MAP_CONTENT_TYPE = "application/vnd.eventscope.redis-fields+json";

/** The field used for the body on republish when none is configured. */
export const REPUBLISH_PAYLOAD_FIELD = "payload";

type Field = { name: string; value: Buffer };

function pairs(flat: Buffer[]): Field[] {
  const out: Field[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) {
    out.push({ name: (flat[i] as Buffer).toString("utf8"), value: flat[i + 1] as Buffer });
  }
  return out;
}

/**
 * A record from name/value pairs. Object.fromEntries defines own properties, so a field named
 * `__proto__` or `constructor` is data, never the object's prototype. A repeated name: last wins.
 */
function toRecord(fields: Field[]): Record<string, string> {
  return Object.fromEntries(fields.map((f) => [f.name, f.value.toString("utf8")]));
}

/** The millisecond part of an entry id (`1700000000000-3`), when the id is time-based. */
export function entryIdTime(id: string): Date | undefined {
  const dash = id.indexOf("-");
  const ms = Number(dash < 0 ? id : id.slice(0, dash));
  return Number.isSafeInteger(ms) && ms > 0 ? new Date(ms) : undefined;
}

type Split = { payload: Field | undefined; rest: Field[] };

function splitPayload(fields: Field[], payloadField: string | undefined): Split {
  const names = payloadField === undefined ? DEFAULT_PAYLOAD_FIELDS : [payloadField];
  for (const name of names) {
    const index = fields.findIndex((f) => f.name === name);
    if (index >= 0) return { payload: fields[index], rest: fields.filter((_, i) => i !== index) };
  }
  return { payload: undefined, rest: fields };
}

/**
 * One observed message from a stream entry: the payload field's bytes as the body and the other
 * fields as headers (where teams put `type`, `traceparent`, `producer`). Without a payload field
 * the body is all fields as JSON and the headers are all fields.
 */
export function toObservedMessage(
  stream: string,
  entry: RawEntry,
  payloadField: string | undefined,
  observedAt: Date,
): ObservedMessage {
  const { payload, rest } = splitPayload(pairs(entry.fields), payloadField);
  const headers = toRecord(rest);
  const body = payload ? payload.value : Buffer.from(JSON.stringify(toRecord(rest)), "utf8");
  const contentType = payload ? (headers["content-type"] ?? headers.contentType) : FIELD_MAP_CONTENT_TYPE;
  return {
    channel: stream,
    subject: stream,
    brokerId: entry.id,
    headers,
    body,
    ...(contentType === undefined ? {} : { contentType }),
    publishedAt: entryIdTime(entry.id),
    observedAt,
  };
}

function fieldValue(entry: RawEntry, name: string): string | undefined {
  const found = pairs(entry.fields).find((f) => f.name === name);
  return found?.value.toString("utf8");
}

/** A positive whole number of attempts, or undefined. */
function attemptsOf(value: string | undefined): number | undefined {
  const n = Number(value);
  return value !== undefined && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/**
 * A dead letter from an entry an application XADDed to a dead-letter stream. The bookkeeping
 * fields (original stream and id, reason, error, attempts) become the dead letter's own fields
 * and are left out of its headers, so a republish puts back the original entry's fields only.
 */
export function toStreamDeadLetter(
  cfg: DeadLetterStreamConfig,
  entry: RawEntry,
  payloadField: string | undefined,
  now: Date,
): ObservedDeadLetter {
  const bookkeeping = new Set([
    cfg.originalStreamField,
    cfg.originalIdField,
    cfg.reasonField,
    cfg.errorField,
    cfg.attemptsField,
  ]);
  const kept = { id: entry.id, fields: withoutFields(entry.fields, bookkeeping) };
  const message = toObservedMessage(cfg.stream, kept, payloadField, now);
  const originalId = fieldValue(entry, cfg.originalIdField);
  if (originalId) message.brokerId = originalId;
  const original = fieldValue(entry, cfg.originalStreamField) || undefined;
  const error = fieldValue(entry, cfg.errorField) || undefined;
  return {
    message,
    ...(original === undefined ? {} : { originalChannel: original, originalSubject: original }),
    reason: fieldValue(entry, cfg.reasonField)?.trim() || "error",
    ...(error === undefined ? {} : { error }),
    attempts: attemptsOf(fieldValue(entry, cfg.attemptsField)) ?? 1,
    failedAt: entryIdTime(entry.id) ?? now,
    dedupeKey: `${cfg.stream}:${entry.id}`,
  };
}

function withoutFields(flat: Buffer[], names: ReadonlySet<string>): Buffer[] {
  const out: Buffer[] = [];
  for (const f of pairs(flat)) if (!names.has(f.name)) out.push(Buffer.from(f.name, "utf8"), f.value);
  return out;
}

/** A dead letter from an application group's entry that was delivered more than maxDeliveries times. */
export function toClaimedDeadLetter(
  cfg: ClaimConfig,
  entry: RawEntry,
  deliveries: number,
  payloadField: string | undefined,
  now: Date,
): ObservedDeadLetter {
  return {
    message: toObservedMessage(cfg.stream, entry, payloadField, now),
    originalChannel: cfg.stream,
    originalSubject: cfg.stream,
    reason: "max_deliveries",
    error: `delivered ${deliveries} times to consumer group ${cfg.group} without an XACK`,
    attempts: deliveries,
    failedAt: now,
    dedupeKey: `${cfg.stream}:${cfg.group}:${entry.id}`,
  };
}

/**
 * XADD field/value arguments for a republish: the body under the payload field (or, for a body
 * observed as a field map, those fields again), the headers as fields, and the reprocess id.
 */
export function republishFields(
  req: RepublishRequest,
  payloadField: string | undefined,
): (string | Buffer)[] {
  const fields = new Map<string, string | Buffer>();
  const bodyFields = req.contentType === FIELD_MAP_CONTENT_TYPE ? parseFieldMap(req.body) : undefined;
  if (bodyFields) for (const [k, v] of Object.entries(bodyFields)) fields.set(k, v);
  else fields.set(payloadField ?? REPUBLISH_PAYLOAD_FIELD, req.body);
  for (const [k, v] of Object.entries(req.headers)) {
    if (!fields.has(k)) fields.set(k, v === null ? "" : String(v));
  }
  fields.delete(REPROCESS_ID_HEADER);
  fields.set(REPROCESS_ID_HEADER, req.reprocessId);
  return [...fields].flat();
}

function parseFieldMap(body: Buffer): Record<string, string> | undefined {
  try {
    const parsed: unknown = JSON.parse(body.toString("utf8"));
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
    const values = Object.entries(parsed);
    return values.every(([, v]) => typeof v === "string") ? Object.fromEntries(values) : undefined;
  } catch {
    return undefined;
  }
}
