// GET /api/v1/reprocess/{id} and GET /api/v1/reprocess: a request's progress as the dispatcher last
// recorded it (n of N, succeeded, failed with the first reasons), and the recent requests, newest
// first, keyset paged.
import { decodeCursor, encodeCursor, type CursorScope } from "@/lib/catalog/list-cursor";
import type { ReprocessDestination } from "@/lib/collectors/schemas";
import { pool } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

export const MAX_FAILURES_SHOWN = 50;

export type ReprocessRequestSummary = {
  id: string;
  state: "running" | "done" | "cancelled";
  total: number;
  skipped: number;
  sent: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  ratePerSecond: number;
  force: boolean;
  selector: Record<string, unknown>;
  /** null: each message's original destination */
  target: ReprocessDestination | null;
  requestedBy: { id: string | null; label: string | null };
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
};

export type ReprocessFailure = {
  deadLetterId: string | null;
  error: string | null;
  finishedAt: string | null;
};
export type ReprocessRequestDetail = ReprocessRequestSummary & {
  failures: ReprocessFailure[];
  /**
   * Messages that may have reached the broker twice: a collector crashed between publishing them and
   * recording it, and published them again (each copy carries the x-eventscope-reprocess-id header).
   */
  possibleDuplicates: number;
  /** For a failure-group selector, what the group is (null when its dead letters are all gone). */
  group: { eventType: string | null; reason: string } | null;
};

type Row = {
  id: string;
  state: ReprocessRequestSummary["state"];
  total: number;
  skipped: number;
  sent: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  rate_per_second: number;
  force: boolean;
  selector: Record<string, unknown>;
  target: ReprocessDestination | null;
  requested_by: string | null;
  requested_by_label: string | null;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
};

const COLUMNS = `id, state, total, skipped, sent, succeeded, failed, cancelled, rate_per_second, force, selector, target,
  requested_by, requested_by_label, created_at, updated_at, finished_at`;

function toSummary(r: Row): ReprocessRequestSummary {
  return {
    id: r.id,
    state: r.state,
    total: r.total,
    skipped: r.skipped,
    sent: r.sent,
    succeeded: r.succeeded,
    failed: r.failed,
    cancelled: r.cancelled,
    ratePerSecond: r.rate_per_second,
    force: r.force,
    selector: r.selector,
    target: r.target,
    requestedBy: { id: r.requested_by, label: r.requested_by_label },
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
  };
}

export async function getReprocessRequest(id: string): Promise<ReprocessRequestDetail> {
  const { rows } = await pool().query<Row>(`SELECT ${COLUMNS} FROM reprocess_requests WHERE id = $1`, [id]);
  const row = rows[0];
  if (!row) throw new AppError("not_found", `no reprocess request ${id}`);
  const { rows: failures } = await pool().query<{
    dead_letter_id: string | null;
    error: string | null;
    finished_at: Date | null;
  }>(
    `SELECT dead_letter_id, error, finished_at FROM reprocess_items
     WHERE request_id = $1 AND state = 'failed' ORDER BY position LIMIT ${MAX_FAILURES_SHOWN}`,
    [id],
  );
  const { rows: dup } = await pool().query<{ n: number }>(
    `SELECT count(*)::int AS n FROM reprocess_items WHERE request_id = $1 AND possible_duplicate`,
    [id],
  );
  return {
    ...toSummary(row),
    possibleDuplicates: dup[0]?.n ?? 0,
    group: await groupOf(row.selector),
    failures: failures.map((f) => ({
      deadLetterId: f.dead_letter_id,
      error: f.error,
      finishedAt: f.finished_at?.toISOString() ?? null,
    })),
  };
}

/** A group id is a hash of its signature: the type and reason of any one member say what it is. */
async function groupOf(selector: Record<string, unknown>): Promise<ReprocessRequestDetail["group"]> {
  if (typeof selector.groupId !== "string") return null;
  const { rows } = await pool().query<{ event_type: string | null; reason: string }>(
    "SELECT event_type, reason FROM dead_letters WHERE group_id = $1 LIMIT 1",
    [selector.groupId],
  );
  const r = rows[0];
  return r ? { eventType: r.event_type, reason: r.reason } : null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SCOPE: CursorScope = { sort: "created", order: "desc", filters: {} };
export const DEFAULT_PAGE = 20;

export async function listReprocessRequests(o: { limit: number; cursor?: string }): Promise<{
  requests: ReprocessRequestSummary[];
  nextCursor: string | null;
}> {
  const values: unknown[] = [o.limit + 1];
  let after = "";
  if (o.cursor) {
    const c = decodeCursor(o.cursor, SCOPE);
    if (typeof c.value !== "number" || !UUID.test(c.name))
      throw new AppError("bad_request", "cursor: not a cursor this API made; use nextCursor as it was given");
    values.push(new Date(Number(c.value)), c.name);
    after = "WHERE (created_at, id) < ($2::timestamptz, $3::uuid)";
  }
  const { rows } = await pool().query<Row>(
    `SELECT ${COLUMNS} FROM reprocess_requests ${after} ORDER BY created_at DESC, id DESC LIMIT $1`,
    values,
  );
  const page = rows.slice(0, o.limit);
  const last = page.at(-1);
  return {
    requests: page.map(toSummary),
    nextCursor:
      rows.length > o.limit && last
        ? encodeCursor(SCOPE, { value: last.created_at.getTime(), name: last.id }, Date.now())
        : null,
  };
}
