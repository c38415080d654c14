// What the demo shop makes of a reprocess's republish: the message as its broker would carry it
// again — the dead letter's message id, type and trace, its headers without the broker's
// dead-letter bookkeeping — and which consumer it died in. Pure; shop-model.ts delivers it.
import type { RepublishRequest } from "@/collectors/core/adapter";
import type { EventInput } from "@/lib/ingest/schemas";
import { ROUTES, type EventType, type Service } from "@/collectors/demo/shop-catalog";

export type Republished = {
  event: EventInput;
  /** The consumer the message died in (the demo's `x-consumer` header), when it names one. */
  diedIn?: Service;
  /** How many times it was dead-lettered before (`x-death-count`, at least 1). */
  deaths: number;
  /** The body as sent, verbatim: a dead letter of the redelivery keeps it byte for byte. */
  body: string;
  /** The body is not JSON: every consumer of the shop refuses it. */
  unreadable: boolean;
  /** The original publish's span (from `traceparent`): the redelivery's consumer span hangs under it. */
  publishSpanId?: string;
};

/** Headers the demo's dead letters add (x-death & co.): the republished message does not carry them. */
const DEAD_LETTER_HEADERS = /^x-(death-|first-death-|original-channel$|consumer$)/;
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;

export function republished(
  req: RepublishRequest,
  at: { broker: string; spanId: string; nowMs: number },
): Republished {
  const h = req.headers;
  const text = (k: string) => (typeof h[k] === "string" && h[k] !== "" ? (h[k] as string) : undefined);
  const headers: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(h)) if (!DEAD_LETTER_HEADERS.test(k)) headers[k] = v;
  const type = text("x-event-type");
  const known = type !== undefined && type in ROUTES ? (type as EventType) : undefined;
  const trace = TRACEPARENT.exec(text("traceparent") ?? "");
  const body = req.body.toString("utf8");
  let payload: unknown;
  let unreadable = false;
  try {
    payload = JSON.parse(body);
  } catch {
    payload = body;
    unreadable = true;
  }
  const publishedAt = new Date(at.nowMs).toISOString();
  const event: EventInput = {
    // The copy keeps the message's id (RabbitMQ's message-id property, the original Nats-Msg-Id):
    // the app counts it as the same message and links a new dead letter to the old one.
    id: text("amqp.message-id") ?? text("Nats-Msg-Id") ?? req.reprocessId,
    broker: at.broker,
    channel: req.destination.channel,
    // Without the header the type is unknown here (""): the delivery then borrows the stored message's.
    type: type ?? "",
    ...(known ? { producer: ROUTES[known].producer } : {}),
    publishedAt,
    observedAt: publishedAt,
    // The trace it belongs to goes on. Its own span id is new, so the redelivery's consumer span
    // (derived from it) is not the first delivery's.
    ...(trace ? { traceId: trace[1], spanId: at.spanId } : {}),
    headers,
    payload,
  };
  const deaths = Number(h["x-death-count"]);
  const consumer = text("x-consumer");
  return {
    event,
    ...(consumer ? { diedIn: consumer as Service } : {}),
    deaths: Number.isInteger(deaths) && deaths > 0 ? deaths : 1,
    body,
    unreadable,
    ...(trace ? { publishSpanId: trace[2] } : {}),
  };
}
