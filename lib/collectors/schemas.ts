// zod schemas of what collector agents send on socket.io /collectors (lib/collectors/protocol.ts)
// and of a reprocess destination. Everything is bounded: a heartbeat is stored whole in
// collectors.status, so its size must not depend on what the agent chooses to send.
import { z } from "zod";
import { isStorableText } from "@/lib/ingest/postgres-text";
import {
  MAX_HEARTBEAT_GAUGES,
  type CollectorHeartbeat,
  type CollectorHello,
  type CommandResult,
} from "@/lib/collectors/protocol";

/** Results in one command_results message; an agent sends at most MAX_COMMANDS_PER_PUSH at a time. */
export const MAX_RESULTS_PER_MESSAGE = 1_000;
/** Error texts are cut to this length rather than refused: losing a heartbeat to a long message would be worse. */
export const MAX_ERROR_CHARS = 2_000;
const MAX_NAME = 300;

const text = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine(isStorableText, "must not contain NUL characters or lone surrogates");
const name = (max: number) => text(max).trim().min(1, "must not be empty");
/** Long error messages are accepted up to 64 KiB and cut; anything longer is a broken agent. */
const errorText = text(65_536).transform((s) =>
  s.length > MAX_ERROR_CHARS ? `${s.slice(0, MAX_ERROR_CHARS)}…` : s,
);
const isoTime = z.iso.datetime({ offset: true, message: "must be an ISO 8601 time with a zone" });
const count = z.number().finite().nonnegative();

export const helloSchema = z.object({
  version: name(100),
  brokerKind: z
    .string()
    .regex(
      /^[a-z][a-z0-9_-]{0,31}$/,
      "must be a lower-case word such as rabbitmq, nats, redis, kafka or demo",
    ),
  broker: name(MAX_NAME),
  hostname: name(255),
  pid: z.number().int().nonnegative(),
  startedAt: isoTime,
}) satisfies z.ZodType<CollectorHello>;

export const heartbeatSchema = z.object({
  at: isoTime,
  brokerConnected: z.boolean(),
  stats: z.object({
    received: count,
    sent: count,
    retried: count,
    dropped: count,
    deadLetters: count,
    outboxItems: count,
    outboxBytes: count,
    eventsPerSecond: count,
    errors: count,
  }),
  lastError: z.object({ at: isoTime, message: errorText }).optional(),
  gauges: z
    .array(
      z.object({
        channel: name(MAX_NAME),
        consumer: name(MAX_NAME).optional(),
        name: name(64),
        value: z.number().finite(),
      }),
    )
    .max(MAX_HEARTBEAT_GAUGES, `must hold at most ${MAX_HEARTBEAT_GAUGES} gauges`),
}) satisfies z.ZodType<CollectorHeartbeat, unknown>;

export type ParsedHeartbeat = z.output<typeof heartbeatSchema>;

export const commandResultSchema = z.object({
  commandId: z.uuid({ message: "must be a command id (a UUID)" }),
  ok: z.boolean(),
  error: errorText.optional(),
  at: isoTime,
  possibleDuplicate: z.boolean().optional(),
}) satisfies z.ZodType<CommandResult, unknown>;

export type ParsedCommandResult = z.output<typeof commandResultSchema>;

export const commandResultsSchema = z
  .array(z.unknown(), { message: "must be an array of command results" })
  .max(MAX_RESULTS_PER_MESSAGE, `must hold at most ${MAX_RESULTS_PER_MESSAGE} results`);

/** Where a dead letter is republished: a channel (exchange, stream, topic) and optionally a subject/routing key. */
export const destinationSchema = z.object({
  channel: name(MAX_NAME),
  subject: text(MAX_NAME).optional(),
});

export type ReprocessDestination = z.output<typeof destinationSchema>;

/** A readable one-line summary of a zod error: `stats.sent: expected number; gauges: …`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join(".") : "(root)"}: ${i.message}`)
    .join("; ");
}
