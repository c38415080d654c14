// Bookkeeping of pushes, one write per pushed command: each push counts an attempt, and the ids the
// agent acknowledged become `sent` (taken, its outcome still to come) in the same row update. It
// used to be two (the attempt counted as the page was read, then `sent`): with a collector_commands
// row rewritten in full by each (its state is in two partial indexes, so no HOT update), the second
// write was ~150 µs of Postgres per reprocessed message on a loaded machine (bench:reprocess).
// Finished commands are never touched here: a command answered before its push is noted was pushed
// at least once, which recording its result keeps (attempts ≥ 1, lib/collectors/record-command-results.ts).
// A command locked by someone else is skipped, not waited for: that is a batch of results finishing
// it (the push is noted at the end of a round, after the agent has often answered most of what it
// took). Waiting made the two wait for each other — a results batch for rows this statement had
// locked, this statement for the rows of the next batch — for ~1 s a round (bench:reprocess).
// Found by primary key, open tested as `finished_at IS NULL`, as in the results statement.
import { queryByPrimaryKey } from "@/lib/db/client";

export type Pushed = {
  /** Ids the agent said it took. */
  taken: readonly string[];
  /** Ids pushed and not taken (refused, or the push was not acknowledged in time). */
  refused: readonly string[];
};

/** Exported for its plan's test. */
export const NOTE_PUSHED_SQL = `WITH mine AS MATERIALIZED (
    SELECT c.id FROM collector_commands c
    WHERE c.id = ANY($2::uuid[]) AND c.collector_id = $1 AND c.finished_at IS NULL
    FOR UPDATE SKIP LOCKED
  )
  UPDATE collector_commands c
  SET attempts = c.attempts + 1,
      state = CASE WHEN u.taken THEN 'sent' ELSE c.state END,
      sent_at = CASE WHEN u.taken AND c.state = 'pending' THEN now() ELSE c.sent_at END
  FROM mine JOIN unnest($2::uuid[], $3::bool[]) AS u(id, taken) ON u.id = mine.id
  WHERE c.id = mine.id`;

export async function noteCommandsPushed(collectorId: string, pushed: Pushed): Promise<void> {
  const ids = [...pushed.taken, ...pushed.refused];
  if (ids.length === 0) return;
  await queryByPrimaryKey(NOTE_PUSHED_SQL, [
    collectorId,
    ids,
    [...pushed.taken.map(() => true), ...pushed.refused.map(() => false)],
  ]);
}
