// The demo shop as a pure generator: given the time and a seeded RNG it produces the events,
// deliveries and dead letters a small shop's brokers would show. Flows are causal: a consumer
// handling an event publishes the next one (an order → payment → inventory → shipment → email)
// in the same W3C trace; a failed delivery is dead-lettered and ends its branch of the flow.
// No timers and no I/O here: demo-source.ts drives it, tests drive it with a fake clock.
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
        ? { traceparent, "content-type": "application/json", "delivery-mode": 2, "x-event-type": p.type }
        : { traceparent, "Nats-Msg-Id": id, "content-type": "application/json" };
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
    out.events.push(event);
    if (this.traced(p.flow)) this.spans.push(publishSpan(event, p.parentSpanId));
    for (const consumer of CONSUMERS[route.channel] ?? []) this.deliver(event, p, consumer, atMs);
  }

  /** Schedules one consumer's delivery of `event`; on success, the consumer's reaction follows. */
  private deliver(event: EventInput, p: PendingEvent, consumer: Service, publishedMs: number): void {
    const timing = TIMING[consumer] ?? TIMING.default;
    const stretch = consumer === SLOW_CONSUMER ? this.slowFactor : 1;
    const deliveredMs = publishedMs + Math.round(this.rng.int(...timing.transit) * stretch);
    const settledMs = deliveredMs + Math.round(this.rng.int(...timing.processing) * stretch);
    const failed = this.rng.chance(this.failureRate);
    const delivery: DeliveryInput = {
      messageId: event.id,
      broker: event.broker,
      channel: event.channel,
      consumer,
      type: event.type,
      deliveredAt: new Date(deliveredMs).toISOString(),
      ackedAt: new Date(settledMs).toISOString(),
      outcome: failed ? "nack" : "ack",
      attempt: 1,
      publishedAt: event.publishedAt,
    };
    const deadLetter = failed ? this.deadLetter(event, consumer, settledMs) : undefined;
    const span = this.traced(p.flow) ? processSpan(event, delivery, deadLetter?.error) : undefined;
    this.settling.push(settledMs, { delivery, deadLetter, span });
    if (failed) return;
    const next = this.pickReaction(REACTIONS[p.type]?.[consumer]);
    if (!next) return;
    // The consumer publishes while handling the message, shortly before it acks.
    const due = deliveredMs + Math.round((settledMs - deliveredMs) * 0.8);
    // Its parent is the consumer's span of this delivery (exported or not, as in a sampled system).
    const parentSpanId = consumerSpanId(event.spanId!, consumer);
    this.followUps.push(due, { type: next, flow: p.flow, parentSpanId, cause: p.type });
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

  private deadLetter(event: EventInput, consumer: Service, failedMs: number): DeadLetterInput {
    const failedAt = new Date(failedMs).toISOString();
    const dlq = `${event.channel}.dlq`;
    // The consumer refused the message (RabbitMQ: nack without requeue; JetStream: AckTerm).
    const reason = "rejected";
    const queue = `${event.channel}.${consumer}`;
    return {
      id: this.rng.uuid(),
      messageId: event.id,
      broker: event.broker,
      channel: dlq,
      originalChannel: event.channel,
      type: event.type,
      producer: event.producer,
      reason,
      error: `${consumer}: ${this.rng.pick(FAILURES)}`,
      attempts: 1,
      firstFailedAt: failedAt,
      failedAt,
      // RabbitMQ's x-death is a list of tables; headers here are flat, so its first entry is spread out.
      headers: {
        ...(event.headers ?? {}),
        "x-death-count": 1,
        "x-death-reason": reason,
        "x-death-queue": queue,
        ...(event.broker === BROKERS.rabbit ? { "x-death-exchange": "shop" } : {}),
        "x-death-time": failedAt,
        "x-first-death-reason": reason,
        "x-first-death-queue": queue,
        "x-original-channel": event.channel,
        "x-consumer": consumer,
      },
      payload: JSON.stringify(event.payload),
      payloadEncoding: "utf8",
      contentType: "application/json",
      traceId: event.traceId,
    };
  }
}
