// Pure mapping of a message taken from a dead-letter queue to an ObservedDeadLetter: RabbitMQ's
// x-death bookkeeping (why, from where, how often) and a dedupe key stable across re-reads.
import { createHash } from "node:crypto";
import type { ObservedDeadLetter } from "@/collectors/core/adapter";
import { REPROCESS_ID_HEADER } from "@/collectors/core/adapter";
import {
  amqpTimestamp,
  channelOf,
  isTable,
  nonEmptyString,
  observedMessage,
  type AmqpProperties,
} from "@/collectors/rabbitmq/amqp-mapping";

export type Death = {
  reason: string;
  queue?: string;
  exchange?: string;
  routingKey?: string;
  count: number;
  time?: Date;
};

export type Deaths = {
  /** The most recent dead-lettering (x-death's first entry): where the message was last going. */
  latest?: Death;
  /** Sum of every entry's count: grows each time the message dies again, anywhere. */
  total: number;
  /** The earliest time any entry records. */
  firstAt?: Date;
};

const KNOWN_REASONS = new Set(["rejected", "expired", "maxlen", "delivery_limit"]);

/**
 * Reads x-death (RabbitMQ keeps one entry per queue and reason, most recent first, each with a
 * count), falling back to x-last-death-* (3.13+) and x-first-death-* when x-death is absent or
 * unreadable (a client that republished it as a string, say). Never throws on odd values.
 */
export function parseDeaths(headers: unknown): Deaths {
  if (!isTable(headers)) return { total: 0 };
  const entries = (Array.isArray(headers["x-death"]) ? headers["x-death"] : []).filter(isTable).map(toDeath);
  const times = entries.flatMap((e) => (e.time ? [e.time.getTime()] : []));
  if (entries.length > 0) {
    return {
      latest: entries[0],
      total: entries.reduce((sum, e) => sum + e.count, 0),
      firstAt: times.length > 0 ? new Date(Math.min(...times)) : undefined,
    };
  }
  for (const prefix of ["x-last-death-", "x-first-death-"]) {
    const reason = nonEmptyString(headers[`${prefix}reason`]);
    if (!reason) continue;
    const latest: Death = {
      reason: normalReason(reason),
      queue: nonEmptyString(headers[`${prefix}queue`]),
      exchange:
        typeof headers[`${prefix}exchange`] === "string"
          ? (headers[`${prefix}exchange`] as string)
          : undefined,
      count: 1,
    };
    return { latest, total: 1 };
  }
  return { total: 0 };
}

function toDeath(e: Record<string, unknown>): Death {
  const keys = Array.isArray(e["routing-keys"]) ? e["routing-keys"] : [];
  const count = Number(e.count);
  return {
    reason: normalReason(e.reason),
    queue: nonEmptyString(e.queue),
    exchange: typeof e.exchange === "string" ? e.exchange : undefined,
    routingKey: typeof keys[0] === "string" ? keys[0] : undefined,
    count: Number.isInteger(count) && count > 0 ? count : 1,
    time: amqpTimestamp(e.time),
  };
}

function normalReason(v: unknown): string {
  const s = typeof v === "string" ? v : Buffer.isBuffer(v) ? v.toString("utf8") : "";
  return KNOWN_REASONS.has(s) ? s : "unknown";
}

/**
 * `<dlq>:<queue it died in>:<message id or content hash>:<deaths>[:<reprocess id>]`. The death
 * count tells a message that died again after a reprocess from a re-read of the same death; the
 * reprocess id too, for a republished copy whose x-death was (rightly) stripped and so starts at 1
 * again. The queue it died in tells apart the copies of one message (one message id) that a fanout
 * delivered to several queues and that died in more than one: each is its own dead letter.
 * Without a message id the hash covers body, headers (x-death's timestamps included) and
 * properties: two byte-identical messages dying in the same second are one dead letter.
 */
export function dedupeKey(
  dlq: string,
  properties: AmqpProperties,
  body: Buffer,
  deaths: number,
  diedIn = "",
): string {
  const headers = isTable(properties.headers) ? properties.headers : {};
  const reprocessId = nonEmptyString(headers[REPROCESS_ID_HEADER]);
  const id = nonEmptyString(properties.messageId) ?? `sha256:${contentHash(properties, body).slice(0, 32)}`;
  const key = `${dlq}:${diedIn}:${id}:${deaths}${reprocessId ? `:${reprocessId}` : ""}`;
  // The ingest contract caps ids at 512 characters; a long queue name plus message id can pass it.
  return key.length <= 512 ? key : `sha256:${createHash("sha256").update(key).digest("hex")}`;
}

function contentHash(properties: AmqpProperties, body: Buffer): string {
  const hash = createHash("sha256");
  hash.update(canonical(properties));
  hash.update("\0");
  hash.update(body);
  return hash.digest("hex");
}

/** A deterministic text for any decoded AMQP value: sorted keys, Buffers as hex, depth-capped. */
export function canonical(v: unknown, depth = 0): string {
  if (depth > 32) return '"…"';
  if (v === undefined) return "u";
  if (v === null || typeof v === "boolean" || typeof v === "number") return JSON.stringify(v) ?? "null";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "bigint") return `${v}n`;
  if (v instanceof Uint8Array) return `x${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("hex")}`;
  if (v instanceof Date) return `d${v.getTime()}`;
  if (Array.isArray(v)) return `[${v.map((x) => canonical(x, depth + 1)).join(",")}]`;
  if (typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x, depth + 1)}`).join(",")}}`;
  }
  return JSON.stringify(String(v));
}

/** A message taken from dead-letter queue `dlq` as the contract's ObservedDeadLetter. */
export function observedDeadLetter(input: {
  dlq: string;
  exchange: string;
  routingKey: string;
  properties: AmqpProperties;
  body: Buffer;
  observedAt: Date;
}): ObservedDeadLetter {
  const message = { ...observedMessage(input), channel: input.dlq };
  const { latest, total, firstAt } = parseDeaths(input.properties.headers);
  const originalExchange = latest?.exchange;
  const originalSubject = latest?.routingKey ?? (originalExchange === "" ? latest?.queue : undefined);
  const headers = message.headers;
  // Spring AMQP's RepublishMessageRecoverer (and others following it) put the failure here.
  const error = nonEmptyString(headers["x-exception-message"])?.slice(0, 16_384);
  return {
    message,
    originalChannel:
      originalExchange === undefined
        ? undefined
        : channelOf(originalExchange, originalSubject ?? latest?.queue ?? ""),
    originalSubject,
    reason: latest?.reason ?? "unknown",
    error,
    attempts: latest?.count ?? 1,
    firstFailedAt: firstAt,
    failedAt: latest?.time ?? input.observedAt,
    dedupeKey: dedupeKey(input.dlq, input.properties, input.body, total, latest?.queue),
  };
}
