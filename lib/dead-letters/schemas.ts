// The DLQ browse API's input contracts (zod): the list query (the shared filter plus sort, order,
// cursor and limit), the groups and facets queries, and the {id} of the detail path.
import { z } from "zod";
import { deadLetterFilterFields } from "@/lib/dead-letters/filter";

export const DL_LIMIT_MAX = 200;
export const DL_LIMIT_DEFAULT = 50;
export const GROUPS_LIMIT_MAX = 500;
export const GROUPS_LIMIT_DEFAULT = 100;
/**
 * The first page counts matches up to this many, then says "1 000+": never a count(*) over everything.
 * A filter that matches 2 % of a million rows reads ~50 000 rows to find 1 001 (bench:dlq: a cap of
 * 10 000 made that filtered first page 0.4 s; the page itself took 13 ms).
 */
export const COUNT_CAP = 1_000;

export const DL_SORTS = ["lastFailedAt", "firstFailedAt", "attempts"] as const;
export type DeadLetterSort = (typeof DL_SORTS)[number];
export const GROUP_SORTS = ["count", "lastSeen"] as const;
export type GroupSort = (typeof GROUP_SORTS)[number];

const order = z.enum(["asc", "desc"], { error: 'must be "asc" or "desc"' }).default("desc");

const limit = (max: number, dflt: number) =>
  z.coerce
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be at least 1")
    .max(max, `must be at most ${max}`)
    .default(dflt);

/** The filter's own checks (from < to; type or untyped), kept on every query that embeds it. */
function withFilterChecks<T extends z.ZodType<{ from?: Date; to?: Date; type?: string; untyped?: boolean }>>(
  s: T,
) {
  return s
    .refine((f) => !(f.from && f.to && f.from >= f.to), { message: "must be after from", path: ["to"] })
    .refine((f) => !(f.type && f.untyped), { message: "give either type or untyped", path: ["untyped"] });
}

/** GET /api/v1/dead-letters; unknown parameters are refused, not ignored. */
export const deadLetterListSchema = withFilterChecks(
  z.strictObject({
    ...deadLetterFilterFields,
    sort: z.enum(DL_SORTS, { error: `must be one of ${DL_SORTS.join(", ")}` }).default("lastFailedAt"),
    order,
    limit: limit(DL_LIMIT_MAX, DL_LIMIT_DEFAULT),
    cursor: z.string().max(2000, "is not a cursor this API made").optional(),
  }),
);
export type DeadLetterListQuery = z.output<typeof deadLetterListSchema>;

/** GET /api/v1/dead-letters/groups */
export const deadLetterGroupsSchema = withFilterChecks(
  z.strictObject({
    ...deadLetterFilterFields,
    sort: z.enum(GROUP_SORTS, { error: `must be one of ${GROUP_SORTS.join(", ")}` }).default("count"),
    limit: limit(GROUPS_LIMIT_MAX, GROUPS_LIMIT_DEFAULT),
  }),
);
export type DeadLetterGroupsQuery = z.output<typeof deadLetterGroupsSchema>;

export const deadLetterIdSchema = z.uuid({ error: "must be a dead letter id (a UUID)" });
