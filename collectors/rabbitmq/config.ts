// The `broker:` section of a RabbitMQ collector's YAML, validated with zod (defaults and messages).
import { z } from "zod";

const nonEmpty = (what: string) =>
  z.string(`${what} must be a string`).trim().min(1, `${what} must not be empty`);
const positiveInt = (what: string, min: number, max: number) =>
  z
    .number(`${what} must be a number`)
    .int(`${what} must be a whole number`)
    .min(min, `${what} must be at least ${min}`)
    .max(max, `${what} must be at most ${max}`);

const amqpUrl = z
  .string("url must be a string like amqp://user:password@host:5672/vhost")
  .trim()
  .refine((s) => URL.canParse(s) && /^amqps?:$/.test(new URL(s).protocol), {
    message: "url must be an amqp:// or amqps:// URL, e.g. amqp://user:password@host:5672/vhost",
  });

const httpUrl = z
  .string()
  .trim()
  .refine((s) => URL.canParse(s) && /^https?:$/.test(new URL(s).protocol), {
    message: "must be an http:// or https:// URL, e.g. http://user:password@host:15672",
  });

const exchange = z.strictObject({
  // The default exchange ("") cannot be bound to: its traffic is visible through the firehose only.
  name: nonEmpty("exchange name").refine((n) => !n.startsWith("amq.rabbitmq."), {
    message: "exchange name: amq.rabbitmq.* are RabbitMQ's own exchanges (use firehose: true for tracing)",
  }),
  bindingKeys: z
    .array(z.string("binding key must be a string"), "bindingKeys must be a list of routing-key patterns")
    .min(1, 'bindingKeys must list at least one pattern ("#" taps everything)')
    .default(["#"]),
});

const queueOptions = z.strictObject({
  /** Messages kept while the collector is away; the oldest go first (x-overflow drop-head). */
  maxLength: positiveInt("tapQueue.maxLength", 1, 100_000_000).default(100_000),
  /** Bytes kept while the collector is away (x-max-length-bytes): large payloads cannot swell the broker either. */
  maxLengthBytes: positiveInt("tapQueue.maxLengthBytes", 1024, Number.MAX_SAFE_INTEGER).default(
    256 * 1024 * 1024,
  ),
  /** The broker deletes Eventscope's queues once unused this long (x-expires): a removed collector leaves nothing behind. */
  expiresMs: positiveInt("tapQueue.expiresMs", 1000, 2 ** 31 - 1).default(3_600_000),
});

export const rabbitmqConfig = z.strictObject({
  kind: z.literal("rabbitmq", 'kind must be "rabbitmq"'),
  /** The broker's name in Eventscope (also names Eventscope's queues on the broker). */
  name: nonEmpty("name")
    .regex(/^[\w.:-]+$/, "name may only contain letters, digits, '.', ':', '_' and '-'")
    .default("rabbitmq"),
  url: amqpUrl,
  exchanges: z.array(exchange, "exchanges must be a list of { name, bindingKeys }").default([]),
  tapQueue: queueOptions.prefault({}),
  /** Unacknowledged messages in flight per consumer: the window that backpressure closes. */
  prefetch: positiveInt("prefetch", 1, 65_535).default(1000),
  /** Consume amq.rabbitmq.trace (the operator ran `rabbitmqctl trace_on -p <vhost>`): deliveries and untapped publishes. */
  firehose: z.boolean("firehose must be true or false").default(false),
  /** Queues whose depth and consumer count are reported as gauges. */
  queues: z.array(nonEmpty("queue name"), "queues must be a list of queue names").default([]),
  pollIntervalMs: positiveInt("pollIntervalMs", 100, 3_600_000).default(5000),
  deadLetters: z
    .strictObject({
      /** Dead-letter queues drained into Eventscope (each message acked only once the server stored it). */
      queues: z.array(nonEmpty("dead-letter queue name"), "deadLetters.queues must be a list").default([]),
      /** Also drain the queues bound to any dead-letter exchange named by a queue (management API). */
      discover: z.boolean("deadLetters.discover must be true or false").default(false),
      /** Defaults to http://<amqp host>:15672 with the AMQP URL's credentials. */
      managementUrl: httpUrl.optional(),
    })
    .prefault({}),
});

export type RabbitmqConfigInput = z.input<typeof rabbitmqConfig>;
export type RabbitmqConfig = z.output<typeof rabbitmqConfig>;
