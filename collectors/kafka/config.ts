// The `broker:` section of a Kafka collector's YAML: where the cluster is, what to observe, which
// application groups to report lag for, and how dead-letter topics are recognised.
import { z } from "zod";

// Kafka's own rule for topic names (kafka.common.internals.Topic): 1–249 of [a-zA-Z0-9._-].
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;
const TOPIC_MESSAGE = "must be a Kafka topic name (1–249 of a-z A-Z 0-9 . _ -) or a /regex/";
// host:port, the host a name, an IPv4 address or a bracketed IPv6 address.
const BROKER = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9_.-]+):(\d{1,5})$/;

/** A topic selector: a literal name, or `/pattern/` matched against whole names in the cluster's topic list. */
const topicSelector = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const pattern = regexBody(value);
    if (pattern === undefined) {
      if (!TOPIC_NAME.test(value)) ctx.addIssue({ code: "custom", message: TOPIC_MESSAGE });
      return;
    }
    try {
      new RegExp(pattern);
    } catch (err) {
      ctx.addIssue({ code: "custom", message: `is not a valid regex: ${(err as Error).message}` });
    }
  });

const broker = z
  .string()
  .trim()
  .refine((value) => {
    const port = BROKER.exec(value)?.[2];
    return port !== undefined && Number(port) >= 1 && Number(port) <= 65_535;
  }, "must be host:port (port 1–65535), e.g. kafka-1:9092 or [::1]:9092");

// The client refuses ids with whitespace (its schema: ^\S+$).
const groupId = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(255, "must be at most 255 characters")
  .regex(/^\S*$/, "must not contain whitespace");

export const SASL_MECHANISMS = ["plain", "scram-sha-256", "scram-sha-512"] as const;

export const kafkaConfig = z
  .strictObject({
    kind: z.literal("kafka", { error: 'must be "kafka"' }),
    /** Shown on the Collectors page; also names Eventscope's consumer group by default. */
    name: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9._-]{1,100}$/, "must be 1–100 of A-Z a-z 0-9 . _ -")
      .default("kafka"),
    brokers: z
      .array(broker, { error: "must be a list of host:port" })
      .min(1, "must list at least one broker as host:port"),
    clientId: z
      .string()
      .trim()
      .min(1, "must not be empty")
      .regex(/^\S*$/, "must not contain whitespace")
      .default("eventscope-collector"),
    sasl: z
      .strictObject({
        mechanism: z.enum(SASL_MECHANISMS, { error: `must be one of ${SASL_MECHANISMS.join(", ")}` }),
        username: z.string().min(1, "must not be empty"),
        password: z.string().min(1, "must not be empty"),
      })
      .optional(),
    tls: z.boolean({ error: "must be true or false" }).default(false),
    /** Topics whose records Eventscope observes as events: names, or `/regex/` (resolved against the cluster). */
    topics: z.array(topicSelector, { error: "must be a list of topic names or /regex/" }).default([]),
    /** Eventscope's OWN consumer group (default `eventscope-<name>`); the apps' groups are never joined. */
    groupId: groupId.optional(),
    /** Application consumer groups to report lag for. Read-only: Eventscope never commits for them. */
    lagGroups: z.array(groupId, { error: "must be a list of consumer group ids" }).default([]),
    pollIntervalMs: z
      .number({ error: "must be a number of milliseconds" })
      .int("must be a whole number of milliseconds")
      .min(500, "must be at least 500 ms")
      .max(3_600_000, "must be at most 3 600 000 ms (1 h)")
      .default(5000),
    /** How long one broker connection attempt may take before it counts as unreachable. */
    connectTimeoutMs: z
      .number({ error: "must be a number of milliseconds" })
      .int("must be a whole number of milliseconds")
      .min(100, "must be at least 100 ms")
      .max(120_000, "must be at most 120 000 ms")
      .default(10_000),
    deadLetters: z
      .strictObject({
        /** Dead-letter topics to take in, besides those found by convention. */
        topics: z.array(topicSelector, { error: "must be a list of topic names or /regex/" }).default([]),
        /**
         * Recognise dead letters by convention: topics named `<topic>-dlt`, `<topic>.DLT`, `-dlq`,
         * `.dlq` (any case, also `_`), `dlq-<name>`, and records carrying Kafka Connect
         * `__connect.errors.*` or Spring `kafka_dlt-*` headers.
         */
        convention: z.boolean({ error: "must be true or false" }).default(true),
      })
      .default({ topics: [], convention: true }),
  })
  .transform((c) => ({ ...c, groupId: c.groupId ?? `eventscope-${c.name}` }))
  .superRefine((c, ctx) => {
    if (c.lagGroups.includes(c.groupId))
      ctx.addIssue({
        code: "custom",
        path: ["lagGroups"],
        message: `must not include groupId "${c.groupId}": Eventscope commits offsets in its own group, and never for an application's`,
      });
    if (c.topics.length === 0 && c.deadLetters.topics.length === 0 && c.lagGroups.length === 0)
      ctx.addIssue({
        code: "custom",
        path: ["topics"],
        message: "nothing to observe: list topics, deadLetters.topics or lagGroups",
      });
  });

export type KafkaConfigInput = z.input<typeof kafkaConfig>;
export type KafkaConfig = z.output<typeof kafkaConfig>;

/** The pattern inside a `/regex/` selector, or undefined for a literal topic name. */
export function regexBody(selector: string): string | undefined {
  return selector.length > 2 && selector.startsWith("/") && selector.endsWith("/")
    ? selector.slice(1, -1)
    : undefined;
}

/** host:port → the client's broker shape (brackets dropped from IPv6 hosts). */
export function parseBroker(address: string): { host: string; port: number } {
  const match = BROKER.exec(address.trim());
  if (!match?.[1] || !match[2]) throw new Error(`not a host:port broker address: ${address}`);
  const host = match[1].startsWith("[") ? match[1].slice(1, -1) : match[1];
  return { host, port: Number(match[2]) };
}
