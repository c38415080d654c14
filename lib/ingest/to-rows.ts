// Validated contract items → the flat rows the bulk writer stores (names not yet resolved to ids).
// Payload work (redaction, shape hash, size, truncation) happens here, once per item.
import type { IngestTap, ValidationFailure } from "@/lib/catalog/ingest-tap";
import type { DeadLetterItem, DeliveryItem, EventItem } from "@/lib/ingest/schemas";
import { samplePayload, toJsonb } from "@/lib/ingest/payload-sample";
import { redactHeaders, type Redactor } from "@/lib/ingest/redact";

export type RowOptions = {
  redactor: Redactor;
  sampleMaxBytes: number;
  deadLetterMaxBytes: number;
  receivedMs: number;
  /** The schema catalog's view of the batch (absent with CATALOG=off). */
  catalog?: IngestTap;
};

export type EventRow = {
  broker: string;
  channel: string;
  type: string;
  producer: string | null;
  id: string;
  publishedMs: number;
  observedMs: number;
  size: number;
  traceId: string | null;
  spanId: string | null;
  headers: string | null; // JSON text
  payload: string | null; // JSON text
  truncated: boolean;
  shapeHash: string | null;
  /** Against the type's registered schema; null: none registered, or no JSON payload. */
  valid: boolean | null;
  failure: ValidationFailure | null;
};

export type DeliveryRow = {
  broker: string;
  channel: string;
  consumer: string;
  type: string | null;
  messageId: string;
  attempt: number;
  deliveredMs: number;
  ackedMs: number | null;
  outcome: string;
  publishedMs: number | null;
};

export type DeadLetterRow = {
  broker: string;
  channel: string; // the dead-letter queue
  originalChannel: string | null;
  type: string | null;
  dedupeKey: string;
  messageId: string;
  producer: string | null;
  reason: string;
  error: string | null;
  attempts: number;
  firstFailedMs: number;
  failedMs: number;
  headers: string | null;
  payload: Buffer;
  contentType: string | null;
  traceId: string | null;
};

function headersJson(headers: Record<string, unknown> | undefined, redactor: Redactor): string | null {
  if (!headers) return null;
  redactHeaders(headers, redactor);
  return toJsonb(headers);
}

export function toEventRow(item: EventItem, opts: RowOptions): EventRow | string {
  // Validation first: redaction below replaces values in place.
  const check = opts.catalog?.validate(item.type, item.payload);
  const sample = samplePayload(item.payload, {
    redactor: opts.redactor,
    maxBytes: opts.sampleMaxBytes,
    declaredSize: item.size,
  });
  if (typeof sample === "string") return sample;
  // The whole (redacted) payload object, not the possibly truncated sample, feeds inference.
  if (opts.catalog && sample.shapeHash !== null)
    opts.catalog.observe(item.type, item.producer ?? null, sample.shapeHash, item.payload, sample.json);
  return {
    broker: item.broker,
    channel: item.channel,
    type: item.type,
    producer: item.producer ?? null,
    id: item.id,
    publishedMs: item.publishedAt.getTime(),
    observedMs: item.observedAt ? item.observedAt.getTime() : opts.receivedMs,
    size: sample.size,
    traceId: item.traceId ?? null,
    spanId: item.spanId ?? null,
    headers: headersJson(item.headers, opts.redactor),
    payload: sample.json,
    truncated: sample.truncated,
    shapeHash: sample.shapeHash,
    valid: check?.valid ?? null,
    failure: check?.failure ?? null,
  };
}

export function toDeliveryRow(item: DeliveryItem): DeliveryRow {
  return {
    broker: item.broker,
    channel: item.channel,
    consumer: item.consumer,
    type: item.type ?? null,
    messageId: item.messageId,
    attempt: item.attempt,
    deliveredMs: item.deliveredAt.getTime(),
    ackedMs: item.ackedAt ? item.ackedAt.getTime() : null,
    outcome: item.outcome,
    publishedMs: item.publishedAt ? item.publishedAt.getTime() : null,
  };
}

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** Decodes a dead letter's payload, refusing it (reason string) past the size limit or when not base64. */
function decodePayload(item: DeadLetterItem, maxBytes: number): Buffer | string {
  let bytes: number;
  let clean = item.payload;
  if (item.payloadEncoding === "base64") {
    clean = clean.replace(/\s+/g, "");
    if (!BASE64.test(clean) || clean.length % 4 === 1) return "payload: is not valid base64";
    bytes = Math.floor((clean.replace(/=+$/, "").length * 3) / 4);
  } else {
    bytes = Buffer.byteLength(clean);
  }
  // Checked before decoding, so an oversized payload is never materialised twice.
  if (bytes > maxBytes) return `payload: is ${bytes} bytes; dead letters are limited to ${maxBytes} bytes`;
  return Buffer.from(clean, item.payloadEncoding === "base64" ? "base64" : "utf8");
}

export function toDeadLetterRow(item: DeadLetterItem, opts: RowOptions): DeadLetterRow | string {
  const payload = decodePayload(item, opts.deadLetterMaxBytes);
  if (typeof payload === "string") return payload;
  const failedMs = item.failedAt.getTime();
  return {
    broker: item.broker,
    channel: item.channel,
    originalChannel: item.originalChannel ?? null,
    type: item.type ?? null,
    dedupeKey: item.id,
    messageId: item.messageId ?? item.id,
    producer: item.producer ?? null,
    reason: item.reason,
    error: item.error ?? null,
    attempts: item.attempts,
    firstFailedMs: item.firstFailedAt ? Math.min(item.firstFailedAt.getTime(), failedMs) : failedMs,
    failedMs,
    headers: headersJson(item.headers, opts.redactor),
    payload,
    contentType: item.contentType ?? null,
    traceId: item.traceId ?? null,
  };
}
