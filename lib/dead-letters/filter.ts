// Which dead letters a user means: the one filter behind the DLQ page's list and groups, the
// reprocess-by-filter and purge-by-filter actions. Parsed from a query string (GET) or a JSON body
// (POST) by the same zod schema; turned into one SQL condition by filterSql, so what the page shows
// and what an action touches cannot drift apart.
import { z } from "zod";
import { isStorableText } from "@/lib/ingest/postgres-text";

export const DEAD_LETTER_STATES = [
  "pending",
  "reprocessing",
  "reprocessed",
  "failed_again",
  "discarded",
] as const;
export type DeadLetterState = (typeof DEAD_LETTER_STATES)[number];
/** The states a filter without `state` means: everything not discarded. */
export const DEFAULT_STATES: readonly DeadLetterState[] = [
  "pending",
  "reprocessing",
  "reprocessed",
  "failed_again",
];

const text = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(300, "must be at most 300 characters")
  .refine(isStorableText, "must not contain NUL characters or lone surrogates");

const isoTime = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), "must be an ISO 8601 time, e.g. 2026-12-04T10:00:00Z")
  .transform((s) => new Date(s));

/** A list in a query string is comma-separated ("pending,failed_again"); in JSON an array or a string. */
const states = z.preprocess(
  (v) =>
    typeof v === "string"
      ? v
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      : v,
  z
    .array(z.enum(DEAD_LETTER_STATES, { error: `must be among ${DEAD_LETTER_STATES.join(", ")}` }))
    .min(1, "must name at least one state")
    .max(DEAD_LETTER_STATES.length),
);

export const GROUP_ID = /^[0-9a-f]{32}$/;

/** The filter's fields; all optional, all ANDed. */
export const deadLetterFilterFields = {
  broker: text.optional(), // broker name
  dlq: z.coerce.number({ error: "must be a channel id" }).int("must be a channel id").positive().optional(),
  type: text.optional(), // event type name; "" is not allowed — use `untyped`
  untyped: z
    .union([z.boolean(), z.enum(["1", "0", "true", "false"])], { error: 'must be "1" or "0"' })
    .transform((v) => v === true || v === "1" || v === "true")
    .optional(),
  reason: text.optional(),
  state: states.optional(),
  groupId: z.string().regex(GROUP_ID, "must be a group id (32 hex characters)").optional(),
  /** last failure at or after `from`, before `to` */
  from: isoTime.optional(),
  to: isoTime.optional(),
  /** free text, case-insensitive, in the error text and the payload */
  q: text.optional(),
};

export const deadLetterFilterSchema = z
  .strictObject(deadLetterFilterFields)
  .refine((f) => !(f.from && f.to && f.from >= f.to), { message: "must be after from", path: ["to"] })
  .refine((f) => !(f.type && f.untyped), { message: "give either type or untyped", path: ["untyped"] });

export type DeadLetterFilter = z.output<typeof deadLetterFilterSchema>;

/** `%`, `_` and `\` taken literally in ILIKE. */
export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * `reprocessing` is not stored: a dead letter is reprocessing while a reprocess item of it is
 * unfinished (pending or sent; at most one, reprocess_items_open_dead_letter_key), and its stored
 * state is the one it had before — where it stays when the request is cancelled or the item fails to
 * be handed over, and what the outcome replaces. Writing it (every dead letter of a request, at
 * creation) was a full rewrite of an eleven-index row per message: with it no design reached half
 * the rate of a plain publish loop (bench:reprocess, its floors).
 */
export const OPEN_ITEMS_SQL = "SELECT dead_letter_id FROM reprocess_items WHERE state IN ('pending', 'sent')";

/** Whether the dead letter `alias` is being reprocessed (one probe of the open items' index). */
export function inFlightSql(alias = "d"): string {
  return `EXISTS (SELECT 1 FROM reprocess_items ri WHERE ri.dead_letter_id = ${alias}.id AND ri.state IN ('pending', 'sent'))`;
}

/** The dead letter's state as the API shows it. */
export function stateSql(alias = "d"): string {
  return `CASE WHEN ${inFlightSql(alias)} THEN 'reprocessing' ELSE ${alias}.state END`;
}

/** Stored states a dead letter in flight can have: never discarded (a discard refuses one in flight). */
const IN_FLIGHT_STORED: readonly DeadLetterState[] = ["pending", "reprocessed", "failed_again"];

/** The condition "the state as shown is one of `states`", on stored columns where it can be. */
function stateConditionSql(states: readonly DeadLetterState[], alias: string, p: (v: unknown) => string) {
  const stored: readonly DeadLetterState[] = states.filter((s) => s !== "reprocessing");
  if (stored.length === states.length)
    return stored.some((s) => IN_FLIGHT_STORED.includes(s))
      ? `${alias}.state = ANY(${p(stored)}::text[]) AND NOT ${inFlightSql(alias)}`
      : `${alias}.state = ANY(${p(stored)}::text[])`;
  if (stored.length === 0) return `${alias}.id IN (${OPEN_ITEMS_SQL})`;
  // In flight, a dead letter shows `reprocessing` (asked for); otherwise its stored state.
  if (IN_FLIGHT_STORED.every((s) => stored.includes(s))) return `${alias}.state = ANY(${p(stored)}::text[])`;
  const widened = [...new Set([...stored, ...IN_FLIGHT_STORED])];
  return `${alias}.state = ANY(${p(widened)}::text[]) AND (${alias}.state = ANY(${p(stored)}::text[]) OR ${inFlightSql(alias)})`;
}

/**
 * The filter as one SQL condition on the dead_letters alias `d`; its values are pushed onto
 * `values` (placeholders continue from values.length). The free text uses the trigram index of
 * dead_letter_search (its own table, so state changes do not rewrite it); the rest use plain column
 * comparisons. `state: false` leaves the state out (the groups' cells apply it themselves).
 */
export function filterSql(
  f: DeadLetterFilter,
  values: unknown[],
  alias = "d",
  o: { state?: boolean } = {},
): string {
  const p = (v: unknown) => `$${values.push(v)}`;
  const parts: string[] = [];
  if (o.state !== false) parts.push(stateConditionSql(f.state ?? DEFAULT_STATES, alias, p));
  if (f.broker !== undefined)
    parts.push(`${alias}.broker_id = (SELECT id FROM brokers WHERE name = ${p(f.broker)})`);
  if (f.dlq !== undefined) parts.push(`${alias}.channel_id = ${p(f.dlq)}`);
  if (f.type !== undefined) parts.push(`${alias}.event_type = ${p(f.type)}`);
  if (f.untyped) parts.push(`${alias}.event_type IS NULL`);
  if (f.reason !== undefined) parts.push(`${alias}.reason = ${p(f.reason)}`);
  if (f.groupId !== undefined) parts.push(`${alias}.group_id = ${p(f.groupId)}`);
  if (f.from !== undefined) parts.push(`${alias}.last_failed_at >= ${p(f.from)}`);
  if (f.to !== undefined) parts.push(`${alias}.last_failed_at < ${p(f.to)}`);
  if (f.q !== undefined)
    parts.push(
      `${alias}.id IN (SELECT dead_letter_id FROM dead_letter_search WHERE search_text ILIKE ${p(`%${likeEscape(f.q)}%`)})`,
    );
  return parts.length === 0 ? "true" : parts.join(" AND ");
}
