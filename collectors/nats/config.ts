// The `broker:` section of a NATS JetStream collector's YAML, validated with zod.
import { z } from "zod";

// JetStream refuses stream and consumer names with whitespace, dots, wildcards or path separators
// (they become tokens of $JS.API subjects and file names on the server).
const NAME_PATTERN = /^[^\s.*>/\\]+$/;
const jsName = (what: string) =>
  z
    .string({ error: `${what} must be a string` })
    .min(1, `${what} must not be empty`)
    .max(255, `${what} must be at most 255 characters`)
    .regex(NAME_PATTERN, `${what} must not contain whitespace, ".", "*", ">", "/" or "\\"`);

const subject = z
  .string({ error: "a subject must be a string" })
  .min(1, "a subject must not be empty")
  .regex(/^\S+$/, "a subject must not contain whitespace");

const server = z
  .string({ error: "a server must be a string like nats://127.0.0.1:4222" })
  .min(1, "a server must not be empty");

const streamSchema = z.strictObject({
  name: jsName("stream name"),
  /** Only these subjects of the stream (wildcards allowed); all when absent. */
  subjects: z.array(subject).min(1, "subjects must list at least one subject when given").optional(),
});

export const natsConfig = z
  .strictObject({
    kind: z.literal("nats", { error: 'kind must be "nats"' }),
    /** The broker's name in Eventscope; also names Eventscope's own advisory stream and consumers. */
    name: z
      .string()
      .trim()
      .min(1, "name must not be empty")
      .max(100, "name must be at most 100 characters")
      .default("nats"),
    servers: z
      .union([server, z.array(server).min(1, "servers must list at least one server")], {
        error: "servers is required: a URL like nats://127.0.0.1:4222, or a list of them",
      })
      .transform((s) => (Array.isArray(s) ? s : [s])),
    token: z.string().min(1, "token must not be empty").optional(),
    user: z.string().min(1, "user must not be empty").optional(),
    password: z.string().min(1, "password must not be empty").optional(),
    /** A NATS .creds file (user JWT + nkey seed), as `nsc` writes it. */
    credsFile: z.string().min(1, "credsFile must not be empty").optional(),
    streams: z
      .array(streamSchema, { error: "streams must be a list of { name, subjects? }" })
      .min(1, "streams must list at least one stream to observe"),
    /** Durable consumers to report lag for (by name, on any observed stream); all durables when absent. */
    consumers: z.array(jsName("consumer name")).optional(),
    pollIntervalMs: z
      .number({ error: "pollIntervalMs must be a number" })
      .int("pollIntervalMs must be an integer")
      .min(250, "pollIntervalMs must be at least 250")
      .max(3_600_000, "pollIntervalMs must be at most 3600000")
      .default(5000),
    // The client reconnects by itself (keeping subscriptions and consumers); after this many failed
    // attempts, reconnectWaitMs apart (about a minute by default), the adapter reports the
    // connection lost and the runtime restarts it with its own backoff.
    reconnectAttempts: z
      .number({ error: "reconnectAttempts must be a number" })
      .int("reconnectAttempts must be an integer")
      .min(0, "reconnectAttempts must be at least 0")
      .max(100_000, "reconnectAttempts must be at most 100000")
      .default(30),
    reconnectWaitMs: z
      .number({ error: "reconnectWaitMs must be a number" })
      .int("reconnectWaitMs must be an integer")
      .min(10, "reconnectWaitMs must be at least 10")
      .max(600_000, "reconnectWaitMs must be at most 600000")
      .default(2000),
    deadLetters: z
      .strictObject({
        /** Capture MAX_DELIVERIES / MSG_TERMINATED advisories of the observed streams as dead letters. */
        advisories: z.boolean({ error: "deadLetters.advisories must be true or false" }).default(true),
        /** DLQ streams applications republish failed messages into: drained as dead letters. */
        streams: z.array(jsName("dead-letter stream name")).optional(),
      })
      .default({ advisories: true }),
  })
  .superRefine((c, ctx) => {
    const methods = [c.token !== undefined, c.user !== undefined, c.credsFile !== undefined];
    if (methods.filter(Boolean).length > 1)
      ctx.addIssue({
        code: "custom",
        message: "use one of token, user + password, or credsFile",
        path: ["token"],
      });
    if (c.user !== undefined && c.password === undefined)
      ctx.addIssue({ code: "custom", message: "password is required with user", path: ["password"] });
    if (c.password !== undefined && c.user === undefined)
      ctx.addIssue({ code: "custom", message: "user is required with password", path: ["user"] });
    const seen = new Set<string>();
    c.streams.forEach((s, i) => {
      if (seen.has(s.name))
        ctx.addIssue({
          code: "custom",
          message: `stream "${s.name}" is listed twice`,
          path: ["streams", i, "name"],
        });
      seen.add(s.name);
    });
  });

export type NatsConfig = z.output<typeof natsConfig>;
export type NatsConfigInput = z.input<typeof natsConfig>;
