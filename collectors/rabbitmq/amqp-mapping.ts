// Pure mapping from what amqplib hands over (fields, properties, firehose trace headers) to the
// adapter contract's ObservedMessage, and back from stored headers to AMQP publish options.
import type { Options } from "amqplib";
import type { ObservedMessage, RawHeaders } from "@/collectors/core/adapter";
import { REPROCESS_ID_HEADER } from "@/collectors/core/adapter";

/** The AMQP basic properties we read, camelCase as amqplib decodes them. */
export type AmqpProperties = {
  contentType?: unknown;
  contentEncoding?: unknown;
  headers?: unknown;
  deliveryMode?: unknown;
  priority?: unknown;
  correlationId?: unknown;
  replyTo?: unknown;
  expiration?: unknown;
  messageId?: unknown;
  timestamp?: unknown;
  type?: unknown;
  userId?: unknown;
  appId?: unknown;
};

/**
 * Properties copied into headers under these names, so extraction rules can use them (a `type`
 * is often the event type, a correlation id links request and reply) and so a stored dead
 * letter's headers carry them back to republish(), whose request has no field for them.
 */
const PROPERTY_HEADERS = {
  messageId: "amqp.message-id",
  correlationId: "amqp.correlation-id",
  type: "amqp.type",
  replyTo: "amqp.reply-to",
  appId: "amqp.app-id",
  userId: "amqp.user-id",
  timestamp: "amqp.timestamp",
  priority: "amqp.priority",
  deliveryMode: "amqp.delivery-mode",
  contentEncoding: "amqp.content-encoding",
  expiration: "amqp.expiration",
} as const satisfies Partial<Record<keyof AmqpProperties, string>>;

/**
 * Eventscope's channel for a publish: the exchange, or — for the default exchange, which routes
 * by queue name and cannot be bound to — the queue the routing key names, so each queue fed that
 * way shows as its own channel (the management UI's "(AMQP default)" would lump them together).
 * republish() maps such a channel back to the default exchange (see resolve-destination.ts).
 */
export function channelOf(exchange: string, routingKey: string): string {
  return exchange !== "" ? exchange : routingKey || "(default)";
}

export function observedMessage(input: {
  exchange: string;
  routingKey: string;
  properties: AmqpProperties;
  body: Buffer;
  observedAt: Date;
}): ObservedMessage {
  const p = input.properties;
  const headers: RawHeaders = { ...(isTable(p.headers) ? p.headers : {}) };
  for (const [prop, name] of Object.entries(PROPERTY_HEADERS)) {
    const value = p[prop as keyof typeof PROPERTY_HEADERS];
    if (value !== undefined && value !== null) headers[name] = value;
  }
  return {
    channel: channelOf(input.exchange, input.routingKey),
    subject: input.routingKey,
    brokerId: nonEmptyString(p.messageId),
    headers,
    body: input.body,
    contentType: nonEmptyString(p.contentType),
    appId: nonEmptyString(p.appId),
    publishedAt: amqpTimestamp(p.timestamp),
    observedAt: input.observedAt,
  };
}

/**
 * An AMQP timestamp (property, or a table's `{ "!": "timestamp", value }`) as a Date. The spec
 * says seconds, but many JavaScript producers put Date.now() there: values past year 5138 in
 * seconds are read as milliseconds rather than dropped as "from the future".
 */
export function amqpTimestamp(value: unknown): Date | undefined {
  const raw = isTable(value) && value["!"] === "timestamp" ? value.value : value;
  const n = typeof raw === "bigint" ? Number(raw) : raw;
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? undefined : raw;
  if (typeof n !== "number" || !Number.isFinite(n) || n <= 0) return undefined;
  return new Date(n > 1e11 ? n : n * 1000);
}

export type TraceCopy =
  | { kind: "publish"; message: ObservedMessage; exchange: string }
  | {
      kind: "deliver";
      message: ObservedMessage;
      queue: string;
      redelivered: boolean;
      deliveryCount?: number;
    };

/**
 * A firehose copy (amq.rabbitmq.trace, routing key publish.<exchange> or deliver.<queue>): the
 * original exchange, routing keys and properties travel in its headers, the original body as
 * its body. Undefined for anything else.
 */
export function parseTraceCopy(
  routingKey: string,
  headers: unknown,
  body: Buffer,
  observedAt: Date,
): TraceCopy | undefined {
  if (!isTable(headers)) return undefined;
  const exchange = typeof headers.exchange_name === "string" ? headers.exchange_name : "";
  const keys = Array.isArray(headers.routing_keys) ? headers.routing_keys : [];
  const key = typeof keys[0] === "string" ? keys[0] : "";
  const props = isTable(headers.properties) ? snakeToCamel(headers.properties) : {};
  const message = observedMessage({ exchange, routingKey: key, properties: props, body, observedAt });
  if (routingKey.startsWith("publish.")) return { kind: "publish", message, exchange };
  if (!routingKey.startsWith("deliver.")) return undefined;
  // Quorum queues count deliveries in a header; classic queues only flag a redelivery.
  const count = isTable(props.headers) ? props.headers["x-delivery-count"] : undefined;
  return {
    kind: "deliver",
    message,
    queue: routingKey.slice("deliver.".length),
    redelivered: Number(headers.redelivered) > 0 || headers.redelivered === true,
    deliveryCount: typeof count === "number" && Number.isFinite(count) ? count : undefined,
  };
}

/** The trace's properties table uses AMQP's snake_case field names. */
function snakeToCamel(table: Record<string, unknown>): AmqpProperties {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(table))
    out[k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = v;
  return out;
}

/** Headers the broker owns: republishing them would confuse its dead-letter bookkeeping. */
const BROKER_HEADERS = /^x-(death|first-death-|last-death-|delivery-count$)/;

/**
 * Publish options for a republish from stored headers: `amqp.*` pseudo-headers become
 * properties again (except user-id, which RabbitMQ checks against the publishing user, and
 * expiration, which the broker already consumed), x-death & co. are dropped, and the reprocess
 * id is set. Delivery is persistent unless the original said otherwise.
 */
export function republishOptions(
  headers: Record<string, unknown>,
  reprocessId: string,
  contentType: string | undefined,
): Options.Publish {
  const kept: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (!k.startsWith("amqp.") && !BROKER_HEADERS.test(k)) kept[k] = v;
  }
  kept[REPROCESS_ID_HEADER] = reprocessId;
  const str = (k: string) => nonEmptyString(headers[k]);
  const int = (k: string) => {
    const n = Number(headers[k]);
    return headers[k] !== null && headers[k] !== "" && Number.isInteger(n) && n >= 0 ? n : undefined;
  };
  const timestamp = int(PROPERTY_HEADERS.timestamp);
  const opts: Options.Publish = {
    headers: kept,
    contentType,
    contentEncoding: str(PROPERTY_HEADERS.contentEncoding),
    messageId: str(PROPERTY_HEADERS.messageId),
    correlationId: str(PROPERTY_HEADERS.correlationId),
    type: str(PROPERTY_HEADERS.type),
    replyTo: str(PROPERTY_HEADERS.replyTo),
    appId: str(PROPERTY_HEADERS.appId),
    timestamp,
    priority: int(PROPERTY_HEADERS.priority),
    deliveryMode: int(PROPERTY_HEADERS.deliveryMode) === 1 ? 1 : 2,
    mandatory: true,
  };
  // amqplib encodes an explicit `undefined` property as absent, but keep the options tidy.
  for (const k of Object.keys(opts) as (keyof Options.Publish)[]) if (opts[k] === undefined) delete opts[k];
  return opts;
}

/** The URL as logs and errors may show it: no password, no query (it can carry secrets). */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    const user = u.username ? `${decodeURIComponent(u.username)}@` : "";
    return `${u.protocol}//${user}${u.host}${u.pathname || "/"}`;
  } catch {
    return "(unparseable URL)";
  }
}

export function isTable(v: unknown): v is Record<string, unknown> {
  return (
    typeof v === "object" && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Date)
  );
}

export function nonEmptyString(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}
