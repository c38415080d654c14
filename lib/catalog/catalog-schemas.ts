// The catalog API's input contracts (zod), shared by the route handlers and the functions they
// call: event type names, the list query, edits, the compatibility mode and the export query.
import { z } from "zod";
import { COMPATIBILITY_MODES } from "@/lib/catalog/compatibility";
import { AppError } from "@/lib/errors";
import { isStorableText } from "@/lib/ingest/postgres-text";

export const MAX_TYPE_NAME = 300; // as ingest's names
export const MAX_DESCRIPTION = 10_000;
export const MAX_OWNER = 200;
export const MAX_TAG = 50;
export const MAX_TAGS = 20;
export const LIST_LIMIT_MAX = 200;
export const LIST_LIMIT_DEFAULT = 50;

// A name is a URL path segment of the API (percent-encoded) and AsyncAPI's message `name`: any
// text ingest would store, but no "/" (it cannot travel as one segment through every proxy), no
// control characters, no surrounding spaces (ingest trims them, so such a type could never match
// live traffic).
export const typeNameSchema = z
  .string()
  .min(1, "must not be empty")
  .max(MAX_TYPE_NAME, `must be at most ${MAX_TYPE_NAME} characters`)
  .refine((s) => s.trim() === s, "must not start or end with spaces")
  .refine((s) => !s.includes("/"), 'must not contain "/"')
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), "must not contain control characters")
  .refine(isStorableText, "must not contain lone surrogates");

/** The 404 of every catalog route for a name the catalog does not hold. */
export function noSuchType(name: string): AppError {
  return new AppError("not_found", `no event type named ${JSON.stringify(name)}`);
}

/** A name as the path carries it: checked for registration; a read just looks it up (404 if absent). */
export function parseTypeName(raw: unknown): string {
  const parsed = typeNameSchema.safeParse(raw);
  if (!parsed.success)
    throw new z.ZodError(parsed.error.issues.map((i) => ({ ...i, path: ["name", ...i.path] })));
  return parsed.data;
}

const flag = z
  .enum(["true", "false", "1", "0"], { error: 'must be "true" or "false"' })
  .transform((v) => v === "true" || v === "1");

const filterText = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what} must not be empty`)
    .max(MAX_TYPE_NAME, `must be at most ${MAX_TYPE_NAME} characters`)
    .refine(isStorableText, "must not contain NUL characters or lone surrogates");

export const SORT_KEYS = ["name", "throughput", "lastSeen"] as const;

/** GET /api/v1/event-types query (EventTypeListQuery); unknown parameters are refused, not ignored. */
export const listQuerySchema = z
  .strictObject({
    q: filterText("q").optional(),
    broker: filterText("broker").optional(),
    channel: filterText("channel").optional(),
    producer: filterText("producer").optional(),
    consumer: filterText("consumer").optional(),
    owner: filterText("owner").optional(),
    tag: filterText("tag").optional(),
    drifted: flag.optional(),
    violations: flag.optional(),
    sort: z
      .enum(SORT_KEYS, { error: `must be one of ${SORT_KEYS.map((s) => `"${s}"`).join(", ")}` })
      .default("name"),
    order: z.enum(["asc", "desc"], { error: 'must be "asc" or "desc"' }).optional(),
    limit: z.coerce
      .number({ error: "must be a number" })
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(LIST_LIMIT_MAX, `must be at most ${LIST_LIMIT_MAX}`)
      .default(LIST_LIMIT_DEFAULT),
    cursor: z.string().max(2000, "is not a cursor this API made").optional(),
  })
  .transform((q) => ({ ...q, order: q.order ?? (q.sort === "name" ? "asc" : "desc") }));
export type ListQuery = z.output<typeof listQuerySchema>;

/** A URL's query string as a plain object (a repeated parameter is refused: one value each). */
export function queryObject(url: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URL(url).searchParams) {
    if (Object.hasOwn(out, k))
      throw new z.ZodError([{ code: "custom", path: [k], message: "must be given once", input: v }]);
    out[k] = v;
  }
  return out;
}

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .refine(isStorableText, "must not contain NUL characters or lone surrogates")
    // An empty text clears the field, as null does.
    .transform((s) => (s === "" ? null : s))
    .nullable()
    .optional();

/** PATCH /api/v1/event-types/{name} body (EventTypeEdit). */
export const editSchema = z
  .strictObject({
    description: optionalText(MAX_DESCRIPTION),
    owner: optionalText(MAX_OWNER),
    tags: z
      .array(
        z
          .string()
          .trim()
          .min(1, "a tag must not be empty")
          .max(MAX_TAG, `a tag must be at most ${MAX_TAG} characters`)
          // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
          .refine((s) => !/[\u0000-\u001f\u007f]/.test(s) && isStorableText(s), "a tag must be plain text"),
      )
      // Counted after trimming and dropping repeats: ["a", "a "] is one tag.
      .transform((tags) => [...new Set(tags)])
      .refine((tags) => tags.length <= MAX_TAGS, `at most ${MAX_TAGS} tags`)
      .optional(),
  })
  .refine((e) => Object.values(e).some((v) => v !== undefined), {
    message: "send at least one of description, owner, tags",
  });
export type EditInput = z.output<typeof editSchema>;

/** PUT /api/v1/event-types/{name}/compatibility body. */
export const compatibilitySchema = z.strictObject({
  mode: z.enum(COMPATIBILITY_MODES, {
    error: `must be one of ${COMPATIBILITY_MODES.join(", ")}`,
  }),
});

/** POST /api/v1/event-types/{name}/schemas body (RegisterSchemaBody): the schema is checked apart. */
export const registerBodySchema = z.strictObject({
  schema: z.custom<Record<string, unknown>>((v) => typeof v === "object" && v !== null && !Array.isArray(v), {
    error: "must be a JSON Schema: a JSON object",
  }),
});

/** GET /api/v1/catalog/asyncapi and /json-schema query. */
export const exportQuerySchema = z.strictObject({
  format: z.enum(["yaml", "json"], { error: 'must be "yaml" or "json"' }).default("yaml"),
  type: typeNameSchema.optional(),
  download: flag.optional(),
});
export const jsonSchemaExportQuerySchema = exportQuerySchema.omit({ format: true });
