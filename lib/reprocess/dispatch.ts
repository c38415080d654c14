// One round of the reprocess dispatcher, in one transaction holding an advisory lock (so across app
// instances one dispatches; the others skip the round): the pending items of each running request
// are handed over to the collectors serving their brokers (as many as its rate budget allows, in
// chunks, with at most MAX_SENT_PER_REQUEST handed over and unfinished at a time), and the requests'
// progress moves by what their items' changes recorded (refreshProgress). An item handed over is its collector
// command: `sent`, with a fresh command id, its collector and destination (the /collectors
// namespace pushes it from there). State lives only in Postgres: a restarted server resumes with
// the next round. An item that cannot be handed to a collector (no collector serves its broker,
// say) fails with the reason and its dead letter shows its previous state again (never
// overwritten); the others go on.
// (Not "server-only": the server process, which imports it, runs outside the react-server condition.)
import type pg from "pg";
import { notifyCommandsEnqueued } from "@/lib/collectors/command-notices";
import type { ReprocessDestination } from "@/lib/collectors/schemas";
import { withTransaction } from "@/lib/db/client";

/** pg_advisory_xact_lock key of the dispatcher ("esrp"). */
const LOCK = 0x65737270;

/** Items handed over by one statement at most. */
export const HAND_OVER_CHUNK = 1_000;

export type Round = { skipped: "locked" } | { sent: number; failed: number; changed: string[] };

/**
 * Items of one request handed over and not finished yet, at most: a collector slower than the rate
 * holds the rest back as pending items — cancellable, and not tens of thousands of commands queued
 * for it (the /collectors push window stays small). About half a second of a plain confirm loop
 * here plus the push window (server/collectors-dispatch.ts), so the limit does not slow a collector
 * that keeps up (4 000 held a bulk request near 2 500 msgs/s).
 */
export const MAX_SENT_PER_REQUEST = 12_000;

/**
 * Per running request, positions below which none of its items is pending / sent any more. Items
 * only ever leave those states and are handed over in position order, so both bounds only grow:
 * a round's scans start there instead of walking the index entries every moved item left behind
 * (an item's state is in its index, so each move leaves a dead entry until VACUUM; walking them
 * was ~18 000 entries a round at 20 000 items, bench:reprocess). Lower bounds only — lost on a
 * restart, stale with several instances — so an open item is never skipped.
 */
const marks = new Map<string, { pending: number; sent: number }>();

/** `budget(id, rate, room)`: how many items request `id` may send in this round, at most `room`. */
export type Budget = (requestId: string, ratePerSecond: number, room: number) => number;

type RunningRequest = { id: string; rate_per_second: number; target: ReprocessDestination | null };

/** `progress: false` leaves the counters to a later round (tests that look at the items alone). */
export async function dispatchRound(budget: Budget, o: { progress?: boolean } = {}): Promise<Round> {
  const collectors = new Set<string>();
  // Applied only once the round has committed: a rolled-back hand-over leaves its items pending.
  const seen = new Map<string, { pending: number; sent: number }>();
  const round = await withTransaction(async (db): Promise<Round> => {
    const { rows: lock } = await db.query<{ ok: boolean }>("SELECT pg_try_advisory_xact_lock($1) AS ok", [
      LOCK,
    ]);
    if (!lock[0]?.ok) return { skipped: "locked" };
    // FOR SHARE: a cancel (FOR UPDATE) waits for this round, then sees which items were sent; one
    // being cancelled right now is skipped.
    const { rows: running } = await db.query<RunningRequest>(
      `SELECT id, rate_per_second, target FROM reprocess_requests
       WHERE state = 'running' AND finished_at IS NULL ORDER BY created_at, id FOR SHARE SKIP LOCKED`,
    );
    let sent = 0;
    let failed = 0;
    for (const r of running) {
      const mark = { ...(marks.get(r.id) ?? { pending: 0, sent: 0 }) };
      seen.set(r.id, mark);
      const { rows: open } = await db.query<{ n: number; low: number | null }>(
        `SELECT count(*)::int AS n, min(position) AS low FROM reprocess_items
         WHERE request_id = $1 AND state = 'sent' AND position >= $2`,
        [r.id, mark.sent],
      );
      mark.sent = open[0]?.low ?? mark.pending;
      const room = Math.max(0, MAX_SENT_PER_REQUEST - (open[0]?.n ?? 0));
      let allowed = Math.min(room, budget(r.id, r.rate_per_second, room));
      while (allowed > 0) {
        const chunk = Math.min(allowed, HAND_OVER_CHUNK);
        const { rows: range } = await db.query<{ n: number; first: number | null; last: number | null }>(
          `SELECT count(*)::int AS n, min(position) AS first, max(position) AS last FROM (
             SELECT position FROM reprocess_items
             WHERE request_id = $1 AND state = 'pending' AND position >= $3 ORDER BY position LIMIT $2) p`,
          [r.id, chunk, mark.pending],
        );
        const { n, first, last } = range[0]!;
        if (n === 0 || first === null || last === null) break;
        mark.pending = last + 1;
        const out = await handOver(db, r, first, last, n);
        out.collectors.forEach((c) => collectors.add(c));
        sent += out.sent;
        failed += out.failed;
        allowed -= n;
        if (n < chunk) break;
      }
    }
    const changed = o.progress === false ? [] : await refreshProgress(db);
    return { sent, failed, changed };
  });
  if (!("skipped" in round)) {
    marks.clear();
    for (const [id, mark] of seen) marks.set(id, mark);
  }
  notifyCommandsEnqueued(collectors);
  return round;
}

/**
 * Hands the pending items at positions `first`..`last` (the next ones in position order, so the
 * range holds nothing else pending) to the collector serving each one's broker — the non-revoked
 * one that said hello most recently, then the newest — and fails the rest with the reason. Two
 * statements a chunk, whatever its size; neither reads a dead letter. Exported for its plan's test.
 */
export const HAND_OVER_SQL = `WITH owner AS (
    SELECT DISTINCT ON (broker_id) id, broker_id FROM collectors
    WHERE broker_id IS NOT NULL AND revoked_at IS NULL
    ORDER BY broker_id, connected_at DESC NULLS LAST, created_at DESC
  ), sent AS (
    UPDATE reprocess_items i
    SET state = 'sent', command_id = gen_random_uuid(), collector_id = owner.id, sent_at = now(),
        destination = COALESCE($4::jsonb, i.destination)
    FROM owner
    WHERE i.request_id = $1 AND i.position BETWEEN $2 AND $3 AND i.state = 'pending'
      AND owner.broker_id = i.broker_id AND i.dead_letter_id IS NOT NULL
      AND COALESCE($4::jsonb, i.destination) IS NOT NULL
    RETURNING i.collector_id
  )
  SELECT collector_id, count(*)::int AS n FROM sent GROUP BY collector_id`;

const FAIL_UNSERVED_SQL = `UPDATE reprocess_items i
  SET state = 'failed', finished_at = now(), error = CASE
    WHEN i.dead_letter_id IS NULL THEN 'the dead letter no longer exists'
    WHEN COALESCE($4::jsonb, i.destination) IS NULL
      THEN 'dead letter ' || i.dead_letter_id || ' has no known original channel; choose a destination to republish it to'
    ELSE 'no collector serves broker "' || COALESCE((SELECT name FROM brokers b WHERE b.id = i.broker_id), 'unknown')
      || '" (dead letter ' || i.dead_letter_id || '); start a collector for it, then reprocess' END
  WHERE i.request_id = $1 AND i.position BETWEEN $2 AND $3 AND i.state = 'pending'`;

/** The `pending` items at `first`..`last`: handed over, or failed when none can take them. */
async function handOver(db: pg.PoolClient, r: RunningRequest, first: number, last: number, pending: number) {
  const values = [r.id, first, last, r.target === null ? null : JSON.stringify(r.target)];
  const { rows } = await db.query<{ collector_id: string; n: number }>(HAND_OVER_SQL, values);
  const sent = rows.reduce((sum, c) => sum + c.n, 0);
  // Every one handed over (the usual case): nothing is left to fail.
  const failed = sent === pending ? 0 : ((await db.query(FAIL_UNSERVED_SQL, values)).rowCount ?? 0);
  return { collectors: rows.map((c) => c.collector_id), sent, failed };
}

const NOTHING_OPEN = "r.succeeded + d.succeeded + r.failed + d.failed + r.cancelled + d.cancelled >= r.total";

/**
 * Adds to each request's counters what its items' changes recorded since the last call (triggers of
 * migration 20261213000000_reprocess_progress_deltas) and deletes those records, in one statement:
 * the work follows what changed, not the size of the requests (a recount took ~20 ms a second per
 * running request of 100 000 items, ~270 ms for ten). A running request with nothing pending or
 * sent any more (every item succeeded, failed or cancelled) is done; a cancelled one is finished
 * then. Returns the ids whose progress changed.
 *
 * Requests first, then their records, as a cancel takes them: a request a cancel holds is skipped
 * (the cancel folds its records itself), so neither waits for the other's locks in a cycle. Records
 * of a deleted request are dropped.
 */
export async function refreshProgress(db: Pick<pg.PoolClient, "query">): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `WITH locked AS (
       SELECT id FROM reprocess_requests WHERE id IN (SELECT request_id FROM reprocess_progress_deltas)
       FOR NO KEY UPDATE SKIP LOCKED
     ), folded AS (
       DELETE FROM reprocess_progress_deltas x
       WHERE x.request_id IN (SELECT id FROM locked)
          OR NOT EXISTS (SELECT 1 FROM reprocess_requests q WHERE q.id = x.request_id)
       RETURNING request_id, sent, succeeded, failed, cancelled
     ), d AS (
       SELECT request_id, sum(sent)::int AS sent, sum(succeeded)::int AS succeeded, sum(failed)::int AS failed,
              sum(cancelled)::int AS cancelled
       FROM folded GROUP BY request_id
     )
     UPDATE reprocess_requests r
     SET ${ADD_DELTAS}, state = CASE WHEN r.state = 'running' AND ${NOTHING_OPEN} THEN 'done' ELSE r.state END
     FROM d
     WHERE r.id = d.request_id
     RETURNING r.id`,
  );
  return rows.map((r) => r.id);
}

/**
 * The SET list that adds the deltas d to request r's counters and finishes it once nothing is
 * open (in an UPDATE, r. on the right is the row before it): every item is open until it
 * succeeds, fails or is cancelled, so nothing is open once those three add up to its total. The
 * caller sets the state. Shared with the cancel (lib/reprocess/cancel-request.ts).
 */
export const ADD_DELTAS = `sent = r.sent + d.sent, succeeded = r.succeeded + d.succeeded, failed = r.failed + d.failed,
  cancelled = r.cancelled + d.cancelled, updated_at = now(),
  finished_at = CASE WHEN r.finished_at IS NOT NULL THEN r.finished_at WHEN ${NOTHING_OPEN} THEN now() END`;
