// The demo shop as a pure generator: given the time and a seeded RNG it produces the events,
// deliveries and dead letters a small shop's brokers would show. Flows are causal: a consumer
// handling an event publishes the next one (an order → payment → inventory → shipment → email)
// in the same W3C trace; a failed delivery is dead-lettered and ends its branch of the flow. A
// reprocess puts a dead letter back (republish): its consumer takes it again, or fails it again.
// No timers and no I/O here: demo-source.ts drives it, tests drive it with a fake clock.
import type { RepublishRequest } from "@/collectors/core/adapter";
import type { DeadLetterInput, DeliveryInput, EventInput, IngestBody } from "@/lib/ingest/schemas";
import { DueQueue } from "@/collectors/demo/due-queue";
import { createRng, type Rng } from "@/collectors/demo/rng";
import {
  BROKERS,
  CONSUMERS,
  FAILURES,
  REACTIONS,
  ROOTS,
  ROUTES,
  SLOW_CONSUMER,
  TIMING,
  type EventType,
  type Reaction,
  type Service,
} from "@/collectors/demo/shop-catalog";
import { republished } from "@/collectors/demo/shop-republish";
import { buildPayload, newFlow, type Flow } from "@/collectors/demo/shop-payloads";
import {
  consumerSpanId,
  isSampled,
  processSpan,
  publishSpan,
  type DemoSpan,
} from "@/collectors/demo/shop-spans";

export type ShopModelOptions = {
  seed: string | number;
  /** OrderPlaced.total turns from a number into `{ amount, currency }` once this many events were produced. */
  schemaChangeAfterEvents?: number;
  /** Share of deliveries that fail and are dead-lettered. */
  failureRate?: number;
  /**
   * Also record the OpenTelemetry spans the shop's services would export, for a share of flows
   * (collectors/demo/shop-spans.ts); takeSpans() hands them over.
   */
  traceSpans?: boolean;
};

export type ShopOutput = Required<Pick<IngestBody, "events" | "deliveries" | "deadLetters">>;

type PendingEvent = { type: EventType; flow: Flow; parentSpanId?: string; cause?: EventType };
type Settled = { delivery: DeliveryInput; deadLetter?: DeadLetterInput; span?: DemoSpan };

export const DEFAULT_SCHEMA_CHANGE_AFTER = 3000;
export const DEFAULT_FAILURE_RATE = 0.02;

export class ShopModel {
  private readonly rng: Rng;
  private readonly schemaChangeAfter: number;
  private readonly failureRate: number;
  private readonly followUps = new DueQueue<PendingEvent>();
  private readonly settling = new DueQueue<Settled>();
  private produced = 0;
  private lastNow: number | undefined;
  private slowFactor = 1;
  private readonly traceSpans: boolean;
  /** Spans recorded and not taken yet (only with traceSpans). */
  private spans: DemoSpan[] = [];
  private readonly producedOn = new Map<string, number>();
  /** The last delivery attempt a reprocess made per message and consumer (in memory only). */
  private readonly lastAttempt = new Map<string, number>();

  constructor(opts: ShopModelOptions) {
    this.rng = createRng(opts.seed);
    this.schemaChangeAfter = opts.schemaChangeAfterEvents ?? DEFAULT_SCHEMA_CHANGE_AFTER;
    this.failureRate = opts.failureRate ?? DEFAULT_FAILURE_RATE;
    this.traceSpans = opts.traceSpans ?? false;
  }

  /** The spans recorded since the last call, in the order their operations ended or began. */
  takeSpans(): DemoSpan[] {
    const spans = this.spans;
    this.spans = [];
    return spans;
  }

  /**
   * Makes the slow consumer's queueing and processing `factor` times its usual (1: as designed), for
   * deliveries scheduled from now on — the knob the demo's "make it slower" control turns. The drawn
   * random numbers stay the same, so a seeded run stays reproducible apart from the stretch.
   */
  setSlowConsumerFactor(factor: number): void {
    this.slowFactor = factor;
  }

  get slowConsumerFactor(): number {
    return this.slowFactor;
  }

  /** Events produced so far. */
  get eventCount(): number {
    return this.produced;
  }

  /** Events produced so far on one of the shop's brokers. */
  eventCountOn(broker: string): number {
    return this.producedOn.get(broker) ?? 0;
  }

  /**
   * Everything that happened up to `nowMs`: at most `maxEvents` events (follow-ups that are due
   * first, then new flows spread over the time since the last call), and every delivery that
   * settled by now with its dead letter. The caller's event budget sets the rate.
   */
  produce(nowMs: number, maxEvents: number): ShopOutput {
    const out: ShopOutput = { events: [], deliveries: [], deadLetters: [] };
    const from = this.lastNow ?? nowMs;
    let budget = Math.max(0, Math.floor(maxEvents));
    while (budget > 0) {
      const due = this.followUps.popDue(nowMs);
      if (!due) break;
      // A follow-up held back by the budget is published when it gets its turn, not in the past.
      this.emit(due.value, Math.min(nowMs, Math.max(due.due, from)), out);
      budget--;
    }
    for (let i = 0; i < budget; i++) {
      const at = from + Math.round(((i + 1) * (nowMs - from)) / budget);
      this.emit({ type: this.pickRoot(), flow: newFlow(this.rng) }, at, out);
    }
    for (let s = this.settling.popDue(nowMs); s; s = this.settling.popDue(nowMs)) {
      out.deliveries.push(s.value.delivery);
      if (s.value.deadLetter) out.deadLetters.push(s.value.deadLetter);
      if (s.value.span) this.spans.push(s.value.span);
    }
    this.lastNow = nowMs;
    return out;
  }

  private pickRoot(): EventType {
    let r = this.rng.next();
    for (const root of ROOTS) {
      r -= root.weight;
      if (r < 0) return root.type;
    }
    return "ProductViewed";
  }

  private emit(p: PendingEvent, atMs: number, out: ShopOutput): void {
    const route = ROUTES[p.type];
    const spanId = this.rng.hex(16);
    const payload = buildPayload(p.type, p.flow, this.rng, {
      atMs,
      totalAsObject: this.produced >= this.schemaChangeAfter,
      cause: p.cause,
    });
    const id = this.rng.uuid();
    const traceparent = `00-${p.flow.traceId}-${spanId}-01`;
    const headers: Record<string, string | number> =
      route.broker === BROKERS.rabbit
        ? {
            traceparent,
            "amqp.message-id": id,
            "content-type": "application/json",
            "delivery-mode": 2,
            "x-event-type": p.type,
          }
        : { traceparent, "Nats-Msg-Id": id, "content-type": "application/json", "x-event-type": p.type };
    if (p.parentSpanId) headers["x-parent-span-id"] = p.parentSpanId;
    const event: EventInput = {
      id,
      broker: route.broker,
      channel: route.channel,
      type: p.type,
      producer: route.producer,
      publishedAt: new Date(atMs).toISOString(),
      observedAt: new Date(atMs + this.rng.int(1, 15)).toISOString(),
      traceId: p.flow.traceId,
      spanId,
      headers,
      payload,
      size: Buffer.byteLength(JSON.stringify(payload)),
    };
    this.produced++;
    this.producedOn.set(route.broker, this.eventCountOn(route.broker) + 1);
    out.events.push(event);
    if (this.traced(p.flow)) this.spans.push(publishSpan(event, p.parentSpanId));
    for (const consumer of CONSUMERS[route.channel] ?? []) this.deliver(event, p, consumer, atMs);
  }

  /** Schedules one consumer's delivery of `event`; on success, the consumer's reaction follows. */
  private deliver(event: EventInput, p: PendingEvent, consumer: Service, publishedMs: number): void {
    const { failed, deliveredMs, settledMs } = this.settle(event, consumer, publishedMs, this.rng, {
      attempt: 1,
      traced: this.traced(p.flow),
    });
    if (failed) return;
    const next = this.pickReaction(REACTIONS[p.type]?.[consumer]);
    if (!next) return;
    // The consumer publishes while handling the message, shortly before it acks.
    const due = deliveredMs + Math.round((settledMs - deliveredMs) * 0.8);
    // Its parent is the consumer's span of this delivery (exported or not, as in a sampled system).
    const parentSpanId = consumerSpanId(event.spanId!, consumer);
    this.followUps.push(due, { type: next, flow: p.flow, parentSpanId, cause: p.type });
  }

  /**
   * Draws one delivery's timing and outcome from `rng` and queues it (with its dead letter and
   * span) until it settles. `fails` decides the outcome instead of the failure rate.
   */
  private settle(
    event: EventInput,
    consumer: Service,
    publishedMs: number,
    rng: Rng,
    o: {
      attempt: number;
      traced: boolean;
      deaths?: number;
      fails?: string;
      body?: string;
      /** The consumer span's parent, when not the span of `event`'s publish. */
      parentSpanId?: string;
    },
  ): { failed: boolean; deliveredMs: number; settledMs: number } {
    const timing = TIMING[consumer] ?? TIMING.default;
    const stretch = consumer === SLOW_CONSUMER ? this.slowFactor : 1;
    const deliveredMs = publishedMs + Math.round(rng.int(...timing.transit) * stretch);
    const settledMs = deliveredMs + Math.round(rng.int(...timing.processing) * stretch);
    const failed = o.fails !== undefined || rng.chance(this.failureRate);
    const delivery: DeliveryInput = {
      messageId: event.id,
      broker: event.broker,
      channel: event.channel,
      consumer,
      ...(event.type ? { type: event.type } : {}),
      deliveredAt: new Date(deliveredMs).toISOString(),
      ackedAt: new Date(settledMs).toISOString(),
      outcome: failed ? "nack" : "ack",
      attempt: o.attempt,
      publishedAt: event.publishedAt,
    };
    const deadLetter = failed
      ? this.deadLetter(event, consumer, settledMs, rng, {
          deaths: o.deaths ?? 1,
          error: o.fails,
          body: o.body,
        })
      : undefined;
    const span = o.traced
      ? {
          ...processSpan(event, delivery, deadLetter?.error),
          ...(o.parentSpanId ? { parentSpanId: o.parentSpanId } : {}),
        }
      : undefined;
    this.settling.push(settledMs, { delivery, deadLetter, span });
    return { failed, deliveredMs, settledMs };
  }

  /**
   * A reprocess of one of the shop's dead letters, as its broker would take it: the message goes
   * back to `destination.channel` on `broker` with its id, and the consumer it died in takes it
   * again (every consumer of the channel when it names none of them, as for another destination).
   * That consumer handles it, or fails it again at the shop's failure rate into a new dead letter
   * (a payload that is not JSON always fails). No follow-up events: the flow's branch ended when it
   * died. Random draws come from the reprocess id, so the shop's own flows stay as seeded. Throws,
   * saying which channels there are, when the shop has no such channel on that broker.
   */
  republish(broker: string, req: RepublishRequest, nowMs: number): void {
    const channel = req.destination.channel;
    const channels = [
      ...new Set(
        Object.values(ROUTES)
          .filter((r) => r.broker === broker)
          .map((r) => r.channel),
      ),
    ];
    if (!channels.includes(channel))
      throw new Error(
        `the demo broker ${broker} has no channel "${channel}" (it has ${channels.join(", ")})`,
      );
    const rng = createRng(`republish/${req.reprocessId}`);
    const r = republished(req, { broker, spanId: rng.hex(16), nowMs });
    const consumers = CONSUMERS[channel] ?? [];
    const targets = consumers.filter((c) => c === r.diedIn);
    for (const consumer of targets.length > 0 ? targets : consumers) {
      // After `deaths` failed deliveries this is at least the next one; a forced reprocess of an
      // older dead letter of the same message comes after the attempts already made.
      const key = `${broker}/${r.event.id}/${consumer}`;
      const attempt = Math.max(r.deaths + 1, (this.lastAttempt.get(key) ?? 0) + 1);
      this.lastAttempt.set(key, attempt);
      this.settle(r.event, consumer, nowMs, rng, {
        attempt,
        deaths: r.deaths + 1,
        traced: this.traceSpans && r.event.traceId !== undefined && isSampled(r.event.traceId),
        parentSpanId: r.publishSpanId,
        fails: r.unreadable ? `${consumer}: DeserializationError: the message is not valid JSON` : undefined,
        body: r.body,
      });
    }
  }

  private traced(flow: Flow): boolean {
    return this.traceSpans && isSampled(flow.traceId);
  }

  private pickReaction(alternatives: Reaction | undefined): EventType | undefined {
    if (!alternatives) return undefined;
    let r = this.rng.next();
    for (const a of alternatives) {
      r -= a.probability;
      if (r < 0) return a.type;
    }
    return alternatives.at(-1)?.type;
  }

  private deadLetter(
    event: EventInput,
    consumer: Service,
    failedMs: number,
    rng: Rng,
    o: { deaths: number; error?: string; body?: string },
  ): DeadLetterInput {
    const failedAt = new Date(failedMs).toISOString();
    const dlq = `${event.channel}.dlq`;
    // The consumer refused the message (RabbitMQ: nack without requeue; JetStream: AckTerm).
    const reason = "rejected";
    const queue = `${event.channel}.${consumer}`;
    return {
      id: rng.uuid(),
      messageId: event.id,
      broker: event.broker,
      channel: dlq,
      originalChannel: event.channel,
      ...(event.type ? { type: event.type } : {}),
      producer: event.producer,
      reason,
      error: o.error ?? `${consumer}: ${rng.pick(FAILURES)}`,
      attempts: o.deaths,
      firstFailedAt: failedAt,
      failedAt,
      // RabbitMQ's x-death is a list of tables; headers here are flat, so its first entry is spread out.
      headers: {
        ...(event.headers ?? {}),
        "x-death-count": o.deaths,
        "x-death-reason": reason,
        "x-death-queue": queue,
        ...(event.broker === BROKERS.rabbit ? { "x-death-exchange": "shop" } : {}),
        "x-death-time": failedAt,
        "x-first-death-reason": reason,
        "x-first-death-queue": queue,
        "x-original-channel": event.channel,
        "x-consumer": consumer,
      },
      payload: o.body ?? JSON.stringify(event.payload),
      payloadEncoding: "utf8",
      contentType: "application/json",
      traceId: event.traceId,
    };
  }
}
