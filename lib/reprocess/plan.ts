// Which dead letters a reprocess request would take, and why the others are left out: the one
// answer behind the dry run (the confirmation dialog) and the request itself. Explicit ids are
// all-or-nothing (a conflict names them); a filter or group takes what it can and counts the rest
// as skipped.
import type pg from "pg";
import type { ReprocessDestination } from "@/lib/collectors/schemas";
import { ORIGINAL_SUBJECT_HEADER } from "@/lib/collectors/protocol";
import { AppError } from "@/lib/errors";
import { MAX_REQUEST_ITEMS, type Selector } from "@/lib/reprocess/schemas";
import { listIds, markInFlight, selectorSql } from "@/lib/reprocess/selector-sql";

export type Candidate = {
  id: string;
  state: string;
  event_type: string | null;
  /** Where it goes unless the request has a target; null when unknown. */
  destination: ReprocessDestination | null;
};

/**
 * A dead letter's original destination as jsonb (`{channel, subject?}`, null when unknown), from
 * `d` (dead_letters) and `oc` (its original channel, LEFT JOINed): the plan's and the items' one
 * definition. The subject is what its collector kept in ORIGINAL_SUBJECT_HEADER.
 */
export const ORIGINAL_DESTINATION_SQL = `CASE WHEN oc.name IS NULL THEN NULL
  WHEN d.headers ->> '${ORIGINAL_SUBJECT_HEADER}' IS NULL THEN jsonb_build_object('channel', oc.name)
  ELSE jsonb_build_object('channel', oc.name, 'subject', d.headers ->> '${ORIGINAL_SUBJECT_HEADER}') END`;

export type Skipped = {
  /** Already in a running request (or being reprocessed one by one). */
  running: number;
  /** Reprocessed before; taken only with force. */
  reprocessed: number;
  discarded: number;
  /** No target given and the original destination is unknown. */
  noDestination: number;
};

export type Plan = {
  items: Candidate[];
  skipped: Skipped;
  /** Where they would go, the busiest first. */
  destinations: (ReprocessDestination & { count: number })[];
};

type Options = { target?: ReprocessDestination; force: boolean; lock: boolean };

export async function planReprocess(
  db: Pick<pg.PoolClient, "query">,
  selector: Selector,
  o: Options,
): Promise<Plan> {
  const values: unknown[] = [];
  const where = selectorSql(selector, values);
  const { rows } = await db.query<Candidate>(
    `SELECT d.id, d.state, d.event_type, ${ORIGINAL_DESTINATION_SQL} AS destination
     FROM dead_letters d LEFT JOIN channels oc ON oc.id = d.original_channel_id
     WHERE ${where} ORDER BY d.id LIMIT ${MAX_REQUEST_ITEMS + 1}${o.lock ? " FOR UPDATE OF d" : ""}`,
    values,
  );
  if (rows.length > MAX_REQUEST_ITEMS)
    throw new AppError(
      "bad_request",
      `this matches more than ${MAX_REQUEST_ITEMS} dead letters; narrow the filter and reprocess in parts`,
    );
  await markInFlight(db, rows);
  if ("ids" in selector) refuseIds(selector.ids, rows, o);

  const skipped: Skipped = { running: 0, reprocessed: 0, discarded: 0, noDestination: 0 };
  const items: Candidate[] = [];
  for (const r of rows) {
    if (r.state === "reprocessing") skipped.running++;
    else if (r.state === "discarded") skipped.discarded++;
    else if (r.state === "reprocessed" && !o.force) skipped.reprocessed++;
    else if (!o.target && r.destination === null) skipped.noDestination++;
    else items.push(r);
  }
  // Rows are locked in id order (no deadlock between two requests); explicit ids go in the caller's order.
  if ("ids" in selector) {
    const at = new Map(selector.ids.map((id, i) => [id, i]));
    items.sort((a, b) => at.get(a.id)! - at.get(b.id)!);
  }
  return { items, skipped, destinations: destinationsOf(items, o.target) };
}

function refuseIds(ids: readonly string[], rows: readonly Candidate[], o: Options): void {
  const found = new Set(rows.map((r) => r.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) throw new AppError("not_found", `no dead letter ${listIds(missing)}`);
  const refuse = (test: (r: Candidate) => boolean, why: string) => {
    const hit = rows.filter(test).map((r) => r.id);
    if (hit.length > 0) throw new AppError("conflict", `dead letter ${listIds(hit)} ${why}`, { ids: hit });
  };
  refuse((r) => r.state === "reprocessing", "is already being reprocessed (in a running request)");
  refuse((r) => r.state === "discarded", "is discarded");
  if (!o.force)
    refuse(
      (r) => r.state === "reprocessed",
      'was already reprocessed; send "force": true to republish it again',
    );
  if (!o.target)
    refuse(
      (r) => r.destination === null,
      'has no known original destination; choose a "target" to republish it to',
    );
}

function destinationsOf(items: readonly Candidate[], target?: ReprocessDestination): Plan["destinations"] {
  if (target) return items.length === 0 ? [] : [{ ...target, count: items.length }];
  const counts = new Map<string, ReprocessDestination & { count: number }>();
  for (const r of items) {
    const key = `${r.destination!.channel}\0${r.destination!.subject ?? ""}`;
    const d = counts.get(key);
    if (d) d.count++;
    else counts.set(key, { ...r.destination!, count: 1 });
  }
  return [...counts.values()].sort((a, b) => b.count - a.count);
}
