// A selector (ids, filter or group) as one SQL condition on the dead_letters alias `d`; the rows it
// selects, locked; and the audit record of an action on them. A filter and a
// group go through the DLQ page's filterSql (so an action touches what the page shows: not the
// discarded ones unless the filter asks for them); ids mean exactly those, whatever their state.
import type pg from "pg";
import type { AuditAction } from "@/lib/audit/actions";
import { recordAudit } from "@/lib/audit/record-audit";
import { filterSql, OPEN_ITEMS_SQL } from "@/lib/dead-letters/filter";
import { AppError } from "@/lib/errors";
import type { Selector } from "@/lib/reprocess/schemas";
import type { Requester } from "@/lib/reprocess/who";

export function selectorSql(selector: Selector, values: unknown[]): string {
  if ("ids" in selector) return `d.id = ANY($${values.push(selector.ids)}::uuid[])`;
  if ("groupId" in selector) return filterSql({ groupId: selector.groupId }, values);
  return filterSql(selector.filter, values);
}

/**
 * Which of these locked dead letters are in flight (an open item: lib/dead-letters/filter.ts); their
 * state becomes `reprocessing`. Read after the lock: a statement that waited for a request creating
 * items of them still sees the snapshot it started with, the next one sees the items.
 */
export async function markInFlight(
  db: Pick<pg.PoolClient, "query">,
  rows: { id: string; state: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  const { rows: open } = await db.query<{ id: string }>(
    `SELECT o.dead_letter_id AS id FROM (${OPEN_ITEMS_SQL}) o WHERE o.dead_letter_id = ANY($1::uuid[])`,
    [rows.map((r) => r.id)],
  );
  const inFlight = new Set(open.map((r) => r.id));
  for (const r of rows) if (inFlight.has(r.id)) r.state = "reprocessing";
}

/**
 * The selected dead letters with their states (as shown), locked (in id order) for the caller's transaction;
 * explicit ids that do not exist are a 404 naming them (discard, restore).
 */
export async function lockSelected(
  db: pg.PoolClient,
  selector: Selector,
): Promise<{ id: string; state: string }[]> {
  const values: unknown[] = [];
  const { rows } = await db.query<{ id: string; state: string }>(
    `SELECT d.id, d.state FROM dead_letters d WHERE ${selectorSql(selector, values)} ORDER BY d.id FOR UPDATE OF d`,
    values,
  );
  await markInFlight(db, rows);
  if ("ids" in selector) {
    const found = new Set(rows.map((r) => r.id));
    const missing = selector.ids.filter((id) => !found.has(id));
    if (missing.length > 0) throw new AppError("not_found", `no dead letter ${listIds(missing)}`);
  }
  return rows;
}

/** What the audit log and the request keep of a selector: ids are summarised by their count. */
export function selectorSummary(selector: Selector): Record<string, unknown> {
  if ("ids" in selector) return { ids: selector.ids.length <= 10 ? selector.ids : selector.ids.length };
  return selector;
}

export function listIds(ids: readonly string[]): string {
  return ids.length <= 3 ? ids.join(", ") : `${ids.slice(0, 3).join(", ")} and ${ids.length - 3} more`;
}

/** The audit record of an action on selected dead letters (discard, restore): what it took and skipped. */
export async function auditSelected(
  db: pg.PoolClient,
  a: {
    who: Requester;
    action: AuditAction;
    selector: Selector;
    taken: readonly string[];
    skipped: Record<string, number>;
    idempotencyKey?: string;
  },
): Promise<void> {
  await recordAudit(
    {
      actor: a.who.actor,
      ip: a.who.ip,
      action: a.action,
      target: a.taken.length === 1 ? `dead_letter:${a.taken[0]}` : undefined,
      details: {
        count: a.taken.length,
        selector: selectorSummary(a.selector),
        skipped: a.skipped,
        ...(a.idempotencyKey ? { idempotencyKey: a.idempotencyKey } : {}),
      },
    },
    db,
  );
}
