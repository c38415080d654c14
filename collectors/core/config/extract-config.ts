// The `extract:` section of a collector's config: how each message becomes an Eventscope event.
// Each field is a list of rules tried in order; the first that yields a value wins. Rules are
// checked (JSON paths parsed, patterns compiled) when the config loads, not per message.
import { z } from "zod";
import { parseJsonPath } from "@/collectors/core/extract/json-path";
import { compileSubjectPattern } from "@/collectors/core/extract/subject-pattern";

const header = z.object({ header: z.string().min(1, "must name a header") }).strict();
const jsonPath = z
  .object({
    jsonPath: z.string().superRefine((p, ctx) => {
      const r = parseJsonPath(p);
      if (typeof r === "string") ctx.addIssue({ code: "custom", message: r });
    }),
  })
  .strict();
const subject = z
  .object({
    subject: z.string().superRefine((p, ctx) => {
      const r = compileSubjectPattern(p);
      if (typeof r === "string") ctx.addIssue({ code: "custom", message: r });
    }),
  })
  .strict();
const fixed = z.object({ value: z.string().trim().min(1).max(300) }).strict();

/** Where an event type or producer can come from. */
export const valueRule = z.union(
  [header, jsonPath, subject, fixed, z.literal("appId"), z.literal("subject")],
  {
    error:
      'expected one of {header: <name>}, {jsonPath: "$.path"}, {subject: "pattern.{value}.*"}, {value: <fixed>}, "appId" or "subject"',
  },
);
export type ValueRule = z.infer<typeof valueRule>;

export const idRule = z.union([z.literal("broker"), z.literal("hash"), header], {
  error: 'expected "broker" (the broker\'s message id), "hash" (of the content) or {header: <name>}',
});
export type IdRule = z.infer<typeof idRule>;

export const DEFAULT_TYPE_RULES: ValueRule[] = [
  { header: "type" },
  { header: "event-type" },
  { header: "ce-type" },
  { header: "ce_type" },
  { header: "amqp.type" },
  { jsonPath: "$.type" },
  { jsonPath: "$.eventType" },
  "subject",
];
export const DEFAULT_ID_RULES: IdRule[] = ["broker", { header: "message-id" }, { header: "ce-id" }, "hash"];
export const DEFAULT_PRODUCER_RULES: ValueRule[] = [{ header: "producer" }, { header: "ce-source" }, "appId"];

export const extractConfig = z
  .object({
    eventType: z.array(valueRule).min(1).default(DEFAULT_TYPE_RULES),
    messageId: z.array(idRule).min(1).default(DEFAULT_ID_RULES),
    producer: z.array(valueRule).default(DEFAULT_PRODUCER_RULES),
    trace: z.array(z.enum(["traceparent", "b3"])).default(["traceparent", "b3"]),
    payload: z
      .object({
        /** Send a payload sample at all (the server truncates and redacts it again). */
        sample: z.boolean().default(true),
        /** Payloads bigger than this are not parsed: sent as size and hash only. */
        maxParseBytes: z
          .number()
          .int()
          .min(0)
          .max(64 * 1024 * 1024)
          .default(1024 * 1024),
        /** Field names (any depth, case-insensitive) or JSON paths whose values never leave the collector. */
        redact: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .default({ sample: true, maxParseBytes: 1024 * 1024, redact: [] }),
  })
  .strict();

export type ExtractConfig = z.infer<typeof extractConfig>;
