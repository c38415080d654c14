// One round of the reprocess dispatcher, in one transaction holding an advisory lock (so across app
// instances one dispatches; the others skip the round): the pending items of each running request
// become collector commands (as many as its rate budget allows, in chunks, with at most
// MAX_SENT_PER_REQUEST handed over and unfinished at a time), and every unfinished
// request's progress is recomputed from its items. State lives only in Postgres: a restarted
// server resumes with the next round. An item that cannot be handed to a collector (no collector
// serves its broker, say) fails with the reason and its dead letter shows its previous state again
// (never overwritten); the others go on.
// (Not "server-only": the server process, which imports it, runs outside the react-server condition.)
import type pg from "pg";
import {
  enqueueReprocess,
  MAX_REPROCESS_BATCH,
  type CommandOverride,
  type EnqueuedCommand,
} from "@/lib/collectors/enqueue-reprocess";
import { notifyCommandsEnqueued } from "@/lib/collectors/command-notices";
import type { ReprocessDestination } from "@/lib/collectors/schemas";
import { withTransaction } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/** pg_advisory_xact_lock key of the dispatcher ("esrp"). */
const LOCK = 0x65737270;

export type Round = { skipped: "locked" } | { sent: number; failed: number; changed: string[] };

/**
 * Items of one request handed over and not finished yet, at most: a collector slower than the rate
 * holds the rest back as pending items — cancellable, and not tens of thousands of commands queued
 * for it (lib/collectors' tables and the /collectors push window stay small). About half a second
 * of a plain confirm loop here plus the push window (server/collectors-dispatch.ts), so the limit
 * does not slow a collector that keeps up (4 000 held a bulk request near 2 500 msgs/s).
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

type RunningRequest = {
  id: string;
  rate_per_second: number;
  requested_by: string | null;
  target: ReprocessDestination | null;
};
type PendingItem = {
  position: number;
  dead_letter_id: string;
  previous_state: string;
  payload_override: Buffer | null;
  headers_override: Record<string, unknown> | null;
};

/**
 * `progress: false` skips recomputing the counters (a count over every item of every unfinished
 * request: the server does it about once a second, not every round).
 */
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
      `SELECT id, rate_per_second, requested_by, target FROM reprocess_requests
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
        const chunk = Math.min(allowed, MAX_REPROCESS_BATCH);
        const { rows: items } = await db.query<PendingItem>(
          `SELECT position, dead_letter_id, previous_state, payload_override, headers_override FROM reprocess_items
           WHERE request_id = $1 AND state = 'pending' AND position >= $3 ORDER BY position LIMIT $2`,
          [r.id, chunk, mark.pending],
        );
        if (items.length === 0) break;
        mark.pending = items.at(-1)!.position + 1;
        const out = await handOver(db, r, items);
        out.commands.forEach((c) => collectors.add(c.collectorId));
        sent += out.commands.length;
        failed += out.failed;
        allowed -= items.length;
        if (items.length < chunk) break;
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

/** Commands for the whole chunk; when that is refused, one by one, failing only the ones refused. */
async function handOver(db: pg.PoolClient, r: RunningRequest, items: PendingItem[]) {
  try {
    return { commands: await enqueueSaved(db, r, items), failed: 0 };
  } catch (err) {
    if (!(err instanceof AppError) || items.length === 1) {
      if (!(err instanceof AppError)) throw err;
      await failItems(db, r.id, items, err.message);
      return { commands: [], failed: 1 };
    }
  }
  const commands: EnqueuedCommand[] = [];
  let failed = 0;
  for (const item of items) {
    try {
      commands.push(...(await enqueueSaved(db, r, [item])));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      await failItems(db, r.id, [item], err.message);
      failed++;
    }
  }
  return { commands, failed };
}

/**
 * Hand-over: the chunk's items become `sent` with their commands. Found within the chunk's range of
 * positions (the chunk is the next pending items in position order): joined on the dead letter
 * alone, the planner read every pending item of the request for each chunk, quadratic in the
 * request's size (9 000 rows for a chunk of 1 000 at 20 000 messages, bench:reprocess). Exported
 * for its plan's test.
 */
export const MARK_SENT_SQL = `UPDATE reprocess_items i SET state = 'sent', command_id = u.command, sent_at = now()
  FROM unnest($4::int[], $5::uuid[]) AS u(position, command)
  WHERE i.request_id = $1 AND i.position BETWEEN $2 AND $3 AND i.position = u.position AND i.state = 'pending'`;

/** Enqueues inside a savepoint (a refusal leaves the round's transaction usable) and marks the items sent. */
async function enqueueSaved(
  db: pg.PoolClient,
  r: RunningRequest,
  items: PendingItem[],
): Promise<EnqueuedCommand[]> {
  await db.query("SAVEPOINT hand_over");
  try {
    const overrides = new Map<string, CommandOverride>();
    for (const i of items)
      if (i.payload_override !== null || i.headers_override !== null)
        overrides.set(i.dead_letter_id, {
          ...(i.payload_override === null ? {} : { payload: i.payload_override }),
          ...(i.headers_override === null ? {} : { headers: i.headers_override }),
        });
    const commands = await enqueueReprocess(
      {
        deadLetterIds: items.map((i) => i.dead_letter_id),
        ...(r.target ? { destination: r.target } : {}),
        requestedBy: r.requested_by,
        overrides,
      },
      db,
    );
    const position = new Map(items.map((i) => [i.dead_letter_id, i.position]));
    await db.query(MARK_SENT_SQL, [
      r.id,
      items[0]!.position,
      items.at(-1)!.position,
      commands.map((c) => position.get(c.deadLetterId)),
      commands.map((c) => c.commandId),
    ]);
    await db.query("RELEASE SAVEPOINT hand_over");
    return commands;
  } catch (err) {
    await db.query("ROLLBACK TO SAVEPOINT hand_over");
    throw err;
  }
}

async function failItems(db: pg.PoolClient, requestId: string, items: PendingItem[], reason: string) {
  await db.query(
    `UPDATE reprocess_items SET state = 'failed', error = $3, finished_at = now()
     WHERE request_id = $1 AND position = ANY($2::int[]) AND state = 'pending'`,
    [requestId, items.map((i) => i.position), reason],
  );
}

/**
 * Recomputes the counters of every unfinished request from its items; a request with nothing
 * pending or sent is finished (done, or stays cancelled). Returns the ids whose progress changed.
 */
export async function refreshProgress(db: Pick<pg.PoolClient, "query">): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `WITH p AS (
       SELECT i.request_id,
              count(*) FILTER (WHERE i.command_id IS NOT NULL)::int AS sent,
              count(*) FILTER (WHERE i.state = 'succeeded')::int AS succeeded,
              count(*) FILTER (WHERE i.state = 'failed')::int AS failed,
              count(*) FILTER (WHERE i.state = 'cancelled')::int AS cancelled,
              count(*) FILTER (WHERE i.state IN ('pending', 'sent'))::int AS open
       FROM reprocess_items i
       WHERE i.request_id IN (SELECT id FROM reprocess_requests WHERE finished_at IS NULL)
       GROUP BY i.request_id
     )
     UPDATE reprocess_requests r
     SET sent = p.sent, succeeded = p.succeeded, failed = p.failed, cancelled = p.cancelled, updated_at = now(),
         state = CASE WHEN p.open = 0 AND r.state = 'running' THEN 'done' ELSE r.state END,
         finished_at = CASE WHEN p.open = 0 THEN now() END
     FROM p
     WHERE r.id = p.request_id
       AND ((r.sent, r.succeeded, r.failed, r.cancelled) IS DISTINCT FROM (p.sent, p.succeeded, p.failed, p.cancelled)
            OR p.open = 0)
     RETURNING r.id`,
  );
  return rows.map((r) => r.id);
}
