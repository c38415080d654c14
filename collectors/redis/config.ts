// The `broker:` section of a Redis Streams collector's YAML, validated with zod (camelCase, defaults).
import { z } from "zod";

const REDIS_PROTOCOLS = new Set(["redis:", "rediss:"]);

// The message never echoes the value: a URL may carry a password.
const redisUrl = z
  .string({ error: "is required: redis://[user:password@]host:port[/db] or rediss://… for TLS" })
  .refine(
    (s) => {
      try {
        return REDIS_PROTOCOLS.has(new URL(s).protocol);
      } catch {
        return false;
      }
    },
    { message: "must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379" },
  );

const key = (what: string) =>
  z.string({ error: `${what} must be a string` }).min(1, `${what} must not be empty`);
const ms = (what: string, min: number, max: number) =>
  z
    .number({ error: `${what} must be a number of milliseconds` })
    .int(`${what} must be a whole number of milliseconds`)
    .min(min, `${what} must be at least ${min}`)
    .max(max, `${what} must be at most ${max}`);

const deadLetterStream = z.strictObject({
  /** The dead-letter stream the applications XADD failed entries to. */
  stream: key("stream"),
  /** Entry field naming the stream the entry was going to when it failed. */
  originalStreamField: key("originalStreamField").default("originalStream"),
  /** Entry field with the original entry's id, so the dead letter links to the observed message. */
  originalIdField: key("originalIdField").default("originalId"),
  reasonField: key("reasonField").default("reason"),
  errorField: key("errorField").default("error"),
  attemptsField: key("attemptsField").default("attempts"),
  /**
   * XDEL the entry (with the XACK, in one MULTI) once Eventscope stored it. Default true: the
   * dead letter now lives in Eventscope's store, and an undrained DLQ stream only grows. Set false
   * when other tools read this stream too (then trim it with MAXLEN yourself).
   */
  deleteAfterStore: z.boolean({ error: "deleteAfterStore must be true or false" }).default(true),
});

const claimGroup = z.strictObject({
  /** An application stream and consumer group whose failing entries Eventscope takes over. */
  stream: key("stream"),
  group: key("group"),
  /** An entry delivered more than this many times (and idle minIdleMs) is a dead letter. */
  maxDeliveries: z
    .number({ error: "maxDeliveries must be a number" })
    .int("maxDeliveries must be a whole number")
    .min(1, "maxDeliveries must be at least 1"),
  minIdleMs: ms("minIdleMs", 0, 7 * 24 * 3_600_000).default(60_000),
});

export const redisConfig = z
  .strictObject({
    kind: z.literal("redis", { error: 'kind must be "redis"' }),
    /** The broker's name in Eventscope. */
    name: z.string().trim().min(1, "name must not be empty").max(200).default("redis"),
    url: redisUrl,
    /**
     * Stream keys to observe. A name with an unescaped `*`, `?` or `[` is a glob (`orders:*`),
     * resolved with SCAN … TYPE stream every pollIntervalMs (a full keyspace walk: fine for
     * thousands of keys, not for a database of millions). `\*` means a literal asterisk.
     */
    streams: z.array(key("a stream name"), { error: "streams must be a list of stream keys" }).default([]),
    /**
     * The entry field holding the payload. Default: the first of `payload`, `data`, `body`,
     * `message` present in the entry; an entry with none of them is observed as a JSON object of
     * all its fields (and those fields are its headers too).
     */
    payloadField: key("payloadField").optional(),
    /** How often gauges, glob patterns and dead-letter streams are polled. */
    pollIntervalMs: ms("pollIntervalMs", 50, 3_600_000).default(5000),
    /** XREAD BLOCK: how long one read waits for new entries (0, "forever", is not allowed: stop must end it). */
    blockMs: ms("blockMs", 1, 60_000).default(1000),
    /** XREAD COUNT: entries per stream per read. Lower it when entries are large. */
    count: z
      .number({ error: "count must be a number" })
      .int("count must be a whole number")
      .min(1, "count must be at least 1")
      .max(100_000, "count must be at most 100000")
      .default(500),
    connectTimeoutMs: ms("connectTimeoutMs", 100, 120_000).default(5000),
    /** How long a republish guard key (eventscope:reprocessed:<id>) lives: a retried command within it adds nothing. */
    republishGuardSeconds: z
      .number({ error: "republishGuardSeconds must be a number" })
      .int("republishGuardSeconds must be a whole number")
      .min(60, "republishGuardSeconds must be at least 60")
      .default(86_400),
    deadLetters: z
      .strictObject({
        streams: z.array(deadLetterStream).default([]),
        claim: z.array(claimGroup).default([]),
      })
      .default({ streams: [], claim: [] }),
  })
  .refine((c) => c.streams.length + c.deadLetters.streams.length + c.deadLetters.claim.length > 0, {
    message: "configure at least one of streams, deadLetters.streams or deadLetters.claim",
  });

export type RedisConfig = z.output<typeof redisConfig>;
export type RedisConfigInput = z.input<typeof redisConfig>;
export type DeadLetterStreamConfig = RedisConfig["deadLetters"]["streams"][number];
export type ClaimConfig = RedisConfig["deadLetters"]["claim"][number];

/** Eventscope's own consumer group on dead-letter streams (never on the applications' streams). */
export function deadLetterGroup(config: RedisConfig): string {
  return `eventscope-${config.name}`;
}

/** The consumer name Eventscope reads and claims as. */
export const EVENTSCOPE_CONSUMER = "eventscope";

/** True when a configured stream name is a SCAN glob rather than a key. */
export function isStreamPattern(name: string): boolean {
  return /(^|[^\\])[*?[]/.test(name);
}

/** A literal key as configured, with glob escapes (`\*`) removed. */
export function literalStreamKey(name: string): string {
  return name.replace(/\\([*?[\]\\])/g, "$1");
}
