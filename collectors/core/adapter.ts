// The contract between the collector runtime (collectors/core) and a broker adapter
// (collectors/<broker>). An adapter only talks to its broker: it reports what it sees to the sink
// and republishes on request. Extraction (event type, ids, trace context, redaction), the disk
// outbox, batching, metrics and the command channel are the runtime's, shared by every broker.
import type { CollectorLog } from "@/collectors/core/log";

export const BROKER_KINDS = ["rabbitmq", "nats", "redis", "kafka"] as const;
export type BrokerKind = (typeof BROKER_KINDS)[number];

/** Header values as brokers hand them over; the runtime normalises them for the ingest contract. */
export type RawHeaders = Record<string, unknown>;

/** One message as the broker showed it, before the extraction rules run. */
export type ObservedMessage = {
  /** What Eventscope shows as the channel: exchange (RabbitMQ), stream (NATS, Redis), topic (Kafka). */
  channel: string;
  /** What routing-key/subject patterns match: routing key, NATS subject, Redis stream key, Kafka topic. */
  subject?: string;
  /**
   * The broker's own id when it has a stable one: AMQP message-id property, Nats-Msg-Id header or
   * `<stream>:<seq>`, Redis entry id, Kafka `<topic>/<partition>/<offset>`. Without it the runtime
   * falls back to a content hash (so a tap and a firehose copy of one message get one id).
   */
  brokerId?: string;
  headers: RawHeaders;
  body: Buffer;
  contentType?: string;
  /** AMQP app-id property or the equivalent: the producer when no rule says otherwise. */
  appId?: string;
  /** The producer's or broker's timestamp, when the message carries one. */
  publishedAt?: Date;
  observedAt: Date;
};

/** A consumer got (and acked, nacked…) a message: from RabbitMQ's firehose or equivalent. */
export type ObservedDelivery = {
  message: ObservedMessage;
  /** The queue / consumer group / durable consumer that received it. */
  consumer: string;
  deliveredAt: Date;
  ackedAt?: Date;
  outcome: "ack" | "nack" | "reject" | "requeue" | "expired" | "pending";
  attempt?: number;
};

/** A message taken from a dead-letter queue / stream / topic. */
export type ObservedDeadLetter = {
  /** The dead-lettered message itself; its `channel` is the dead-letter queue it was taken from. */
  message: ObservedMessage;
  /** Where it was going when it failed (exchange / stream / topic). */
  originalChannel?: string;
  /** Its routing key / subject there, so a reprocess can put it back exactly. */
  originalSubject?: string;
  /** rejected | expired | maxlen | delivery_limit | max_deliveries | terminated | error | … */
  reason: string;
  error?: string;
  attempts: number;
  firstFailedAt?: Date;
  failedAt: Date;
  /**
   * A stable key for this dead-lettering (same message read twice → same key), e.g.
   * `<dlq>:<broker id>:<death count>`. The server stores a dead letter once per key.
   */
  dedupeKey: string;
};

export type GaugeName = "depth" | "consumers" | "lag" | "pending" | "ack_pending" | "redelivered";

/** A point-in-time figure about a channel (and optionally one consumer of it). */
export type Gauge = { channel: string; consumer?: string; name: GaugeName; value: number };

/**
 * Where an adapter keeps its read position (a Redis entry id, a JetStream sequence) across
 * restarts. Set a position only after awaiting sink.message() for everything before it: the
 * runtime persists checkpoints with the outbox, so a restart resumes there (a few messages may be
 * read twice; the server stores each id once).
 */
export interface Checkpoints {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

export interface AdapterSink {
  /**
   * Resolves once the message is durably in the outbox. While the outbox is full it waits
   * (backpressure): an adapter awaits it before acknowledging or pulling more.
   */
  message(m: ObservedMessage): Promise<void>;
  delivery(d: ObservedDelivery): Promise<void>;
  /**
   * Resolves only after the Eventscope server has stored the dead letter: then, and only then,
   * the adapter acknowledges / removes it on the broker. Rejects when the runtime is stopping
   * (the adapter must then leave it on the broker).
   */
  deadLetter(d: ObservedDeadLetter): Promise<void>;
  /** Latest queue depth, consumers, lag…: replaces earlier values of the same gauge. */
  gauges(g: Gauge[]): void;
  /** The connection is gone after start() succeeded: the runtime stops and restarts the adapter with backoff. */
  disconnected(reason: string): void;
  /** A recoverable problem worth a log line and a count on the Collectors page (a bad message, a slow call). */
  problem(context: string, err: unknown): void;
  readonly checkpoints: Checkpoints;
  readonly log: CollectorLog;
}

/** Republish one stored dead letter (a reprocess command). */
export type RepublishRequest = {
  /** Unique per reprocess of one dead letter: sent as the `x-eventscope-reprocess-id` header and used as the broker's dedupe id where it has one (Nats-Msg-Id). */
  reprocessId: string;
  destination: { channel: string; subject?: string };
  headers: Record<string, string | number | boolean | null>;
  body: Buffer;
  contentType?: string;
};

export const REPROCESS_ID_HEADER = "x-eventscope-reprocess-id";

export interface BrokerAdapter {
  readonly kind: BrokerKind;
  /** Connects and starts observing. Rejects with a readable message when the broker cannot be reached (the runtime retries). */
  start(sink: AdapterSink): Promise<void>;
  /**
   * Resolves when the broker confirmed the message (publisher confirm, JetStream PubAck, XADD's id,
   * acked produce); rejects with a readable message otherwise.
   */
  republish(req: RepublishRequest): Promise<void>;
  /** Stops observing and closes connections; unconfirmed dead letters stay on the broker. */
  stop(): Promise<void>;
}
