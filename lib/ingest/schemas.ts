// The ingest contract (POST /api/v1/ingest), shared by the route, collectors and the demo source.
// The envelope is checked first (400 when wrong); then each item on its own, so one bad item is
// named in `rejected` while the rest of the batch is stored.
import { z } from "zod";

const MAX_ID = 512;
const MAX_NAME = 300;

/** ISO 8601 with a zone, or epoch milliseconds. */
export const timestamp = z.union([
  z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time with a time zone" }),
  z.number().int().min(0, "must be epoch milliseconds"),
]).transform((v, ctx) => {
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) {
    ctx.addIssue({ code: "custom", message: "is not a valid date" });
    return z.NEVER;
  }
  return d;
});

const name = z.string().trim().min(1, "must not be empty").max(MAX_NAME, `must be at most ${MAX_NAME} characters`);
const hex = (len: number) => z.string().regex(new RegExp(`^[0-9a-f]{${len}}$`), `must be ${len} lowercase hex characters`);
const headers = z.record(z.string().max(256), z.union([z.string().max(8192), z.number(), z.boolean(), z.null()]));

export const eventItem = z.object({
  id: z.string().min(1, "must not be empty").max(MAX_ID),
  broker: name,
  channel: name,
  type: name,
  publishedAt: timestamp,
  observedAt: timestamp.optional(),
  producer: name.optional(),
  traceId: hex(32).optional(),
  spanId: hex(16).optional(),
  headers: headers.optional(),
  payload: z.unknown().optional(),
  size: z.number().int().min(0).optional(),
});

export const DELIVERY_OUTCOMES = ["ack", "nack", "reject", "requeue", "expired", "pending"] as const;

export const deliveryItem = z.object({
  messageId: z.string().min(1).max(MAX_ID),
  broker: name,
  channel: name,
  consumer: name,
  deliveredAt: timestamp,
  ackedAt: timestamp.optional(),
  outcome: z.enum(DELIVERY_OUTCOMES),
  attempt: z.number().int().min(1).max(1_000_000).default(1),
  publishedAt: timestamp.optional(),
});

export const deadLetterItem = z.object({
  id: z.string().min(1).max(MAX_ID), // dedupe key: the same dead letter sent twice is stored once
  messageId: z.string().min(1).max(MAX_ID).optional(),
  broker: name,
  channel: name, // the dead-letter queue it was taken from
  originalChannel: name.optional(),
  type: name.optional(),
  producer: name.optional(),
  reason: name, // rejected | expired | maxlen | delivery_limit | error | …
  error: z.string().max(16_384).optional(),
  attempts: z.number().int().min(0).max(1_000_000).default(1),
  firstFailedAt: timestamp.optional(),
  failedAt: timestamp,
  headers: headers.optional(),
  payload: z.string(),
  payloadEncoding: z.enum(["utf8", "base64"]).default("utf8"),
  contentType: z.string().max(200).optional(),
  traceId: hex(32).optional(),
});

export const envelope = z
  .object({
    events: z.array(z.unknown(), { message: "must be an array" }).optional(),
    deliveries: z.array(z.unknown(), { message: "must be an array" }).optional(),
    deadLetters: z.array(z.unknown(), { message: "must be an array" }).optional(),
  })
  .refine((e) => e.events || e.deliveries || e.deadLetters, {
    message: 'expected at least one of "events", "deliveries", "deadLetters"',
  });

export type EventInput = z.input<typeof eventItem>;
export type EventItem = z.output<typeof eventItem>;
export type DeliveryInput = z.input<typeof deliveryItem>;
export type DeliveryItem = z.output<typeof deliveryItem>;
export type DeadLetterInput = z.input<typeof deadLetterItem>;
export type DeadLetterItem = z.output<typeof deadLetterItem>;
export type IngestBody = { events?: EventInput[]; deliveries?: DeliveryInput[]; deadLetters?: DeadLetterInput[] };

export type IngestResult = {
  accepted: number;
  duplicates: number;
  rejected: { kind: "event" | "delivery" | "deadLetter"; index: number; reason: string }[];
};
