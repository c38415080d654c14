// The bodies of the write side of the DLQ: reprocess, discard, restore and purge. Which dead letters an action
// means is one of three selectors — explicit ids, the DLQ page's filter (lib/dead-letters/filter.ts)
// or a failure group — and exactly one must be given.
import { z } from "zod";
import { deadLetterFilterSchema, GROUP_ID } from "@/lib/dead-letters/filter";
import { destinationSchema } from "@/lib/collectors/schemas";
import { isStorableText } from "@/lib/ingest/postgres-text";

/** At most this many ids in one body (a larger set is a filter or a group). */
export const MAX_IDS = 1_000;
/** At most this many dead letters in one request; a wider filter is refused (narrow it). */
export const MAX_REQUEST_ITEMS = 100_000;
/** Protective by default: a consumer is not flooded unless the request asks for more. */
export const DEFAULT_RATE_PER_SECOND = 200;
/**
 * The fastest a request may ask for: a bulk redrive to a consumer that keeps up goes about as fast
 * as the broker takes confirmed publishes (bench:reprocess asks for it; 10 000 capped it at a third
 * of a plain confirm loop).
 */
export const MAX_RATE_PER_SECOND = 100_000;

const ids = z
  .array(z.uuid({ error: "must be dead letter ids (UUIDs)" }))
  .min(1, "must name at least one dead letter")
  .max(MAX_IDS, `must name at most ${MAX_IDS} dead letters; use a filter or a group for more`);
const groupId = z.string().regex(GROUP_ID, "must be a group id (32 hex characters)");
const idempotencyKey = z
  .string()
  .min(8, "must be at least 8 characters (a UUID made by the client is best)")
  .max(200, "must be at most 200 characters")
  .refine(isStorableText, "must not contain NUL characters or lone surrogates");

const selectorFields = {
  ids: ids.optional(),
  filter: deadLetterFilterSchema.optional(),
  groupId: groupId.optional(),
};

export type Selector =
  { ids: string[] } | { filter: z.output<typeof deadLetterFilterSchema> } | { groupId: string };

type WithSelector = { ids?: string[]; filter?: z.output<typeof deadLetterFilterSchema>; groupId?: string };

function oneSelector(body: WithSelector, ctx: z.RefinementCtx): void {
  const given = (["ids", "filter", "groupId"] as const).filter((k) => body[k] !== undefined);
  if (given.length !== 1)
    ctx.addIssue({
      code: "custom",
      path: given.length === 0 ? ["ids"] : [given[1]!],
      message: "give exactly one of ids, filter or groupId",
    });
}

export function selectorOf(body: WithSelector): Selector {
  if (body.ids) return { ids: [...new Set(body.ids.map((id) => id.toLowerCase()))] };
  if (body.filter) return { filter: body.filter };
  return { groupId: body.groupId! };
}

const headerValue = z.union(
  [z.string().max(4096, "must be at most 4096 characters"), z.number(), z.boolean(), z.null()],
  {
    error: "must be a string, number, boolean or null",
  },
);

export const editSchema = z
  .strictObject({
    /** The JSON payload to send instead (checked against the type's newest registered schema). */
    payload: z.json({ error: "must be JSON" }).optional(),
    /** The headers to send instead of the stored ones (all of them). */
    headers: z
      .record(z.string().min(1, "header names must not be empty").max(256), headerValue)
      .refine((h) => Object.keys(h).length <= 100, "must hold at most 100 headers")
      .optional(),
  })
  .refine(
    (e) => e.payload !== undefined || e.headers !== undefined,
    "must change the payload or the headers",
  );

export const targetSchema = z.strictObject(destinationSchema.shape);

export const reprocessBodySchema = z
  .strictObject({
    ...selectorFields,
    /** Where to republish; default: each message's original destination. */
    target: targetSchema.optional(),
    idempotencyKey: idempotencyKey.optional(),
    /** Also messages already reprocessed (refused, or skipped for filters, without it). */
    force: z.boolean({ error: "must be true or false" }).optional(),
    ratePerSecond: z
      .number({ error: "must be a number of messages per second" })
      .int("must be a whole number of messages per second")
      .min(1, "must be at least 1")
      .max(MAX_RATE_PER_SECOND, `must be at most ${MAX_RATE_PER_SECOND}`)
      .optional(),
    /** Only say what would happen (the confirmation dialog). */
    dryRun: z.boolean({ error: "must be true or false" }).optional(),
    edit: editSchema.optional(),
  })
  .superRefine((b, ctx) => {
    oneSelector(b, ctx);
    if (!b.dryRun && b.idempotencyKey === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["idempotencyKey"],
        message: "is required (any unique string, e.g. a UUID)",
      });
    if (b.edit && b.ids?.length !== 1)
      ctx.addIssue({
        code: "custom",
        path: ["edit"],
        message: "is only possible when reprocessing exactly one dead letter (ids with one id)",
      });
  });

export type ReprocessBody = z.output<typeof reprocessBodySchema>;

export const discardBodySchema = z
  .strictObject({ ...selectorFields, idempotencyKey: idempotencyKey.optional() })
  .superRefine(oneSelector);
export type DiscardBody = z.output<typeof discardBodySchema>;

/** POST /api/v1/dead-letters/restore: the same selectors as discard. */
export const restoreBodySchema = discardBodySchema;
export type RestoreBody = DiscardBody;

export const purgeBodySchema = z.strictObject({
  filter: deadLetterFilterSchema,
  confirm: z
    .number({ error: "must be the number of dead letters you were shown" })
    .int("must be a whole number")
    .min(1, "must be at least 1 (there is nothing to purge otherwise)"),
});
export type PurgeBody = z.output<typeof purgeBodySchema>;

/** GET /api/v1/reprocess: the recent requests, newest first. */
export const listRequestsSchema = z.strictObject({
  limit: z.coerce
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(100, "must be at most 100")
    .default(20),
  cursor: z.string().max(2000, "is not a cursor this API made").optional(),
});
