// Records what an agent reports for its commands: in one statement (so one transaction), each
// unfinished command of that collector becomes succeeded or failed, its item (lib/reprocess) too, so
// its dead letter leaves `reprocessing` — `reprocessed` on success, `failed_again` on failure (kept
// apart from `pending` so the DLQ page can tell "never tried" from "tried and failed"; both may be
// reprocessed again).
// A result for a command that is unknown, another collector's, or already finished changes
// nothing: the agent resends results until acknowledged, so repeats are normal.
import type { ParsedCommandResult } from "@/lib/collectors/schemas";
import { queryByPrimaryKey } from "@/lib/db/client";

export type RecordedResults = {
  /** Commands finished by this call. */
  applied: number;
  /** Results that changed nothing (repeats, unknown or foreign command ids). */
  ignored: number;
  /** Commands finished while the agent could not rule out a second copy on the broker. */
  possibleDuplicates: number;
};

// The open test in WHERE is re-checked after the row lock (READ COMMITTED), so two deliveries of
// the same result racing each other finish the command once. Open is tested as `finished_at IS
// NULL` (a CHECK ties it to the state): with a state test the planner could answer from the
// collector's open commands (collector_commands_open_idx) and, whenever statistics counted few open
// commands, did — every command in flight read and tested against the batch, ~10 000 rows a
// statement in a bulk reprocess. Without it, and with no sequential scan (queryByPrimaryKey), each
// result finds its command by primary key. One statement per batch of results, whatever its size.
// Exported for its plan's test.
export const FINISH_COMMANDS_SQL = `WITH r AS (
    SELECT * FROM unnest($2::uuid[], $3::bool[], $4::text[], $5::bool[]) AS r(id, ok, error, dup)
  ), done AS (
    UPDATE collector_commands c
    SET state = CASE WHEN r.ok THEN 'succeeded' ELSE 'failed' END,
        error = CASE WHEN r.ok THEN NULL ELSE COALESCE(r.error, 'the collector reported a failure without a reason') END,
        possible_duplicate = r.dup, finished_at = now(),
        -- Pushed at least once (a push writes nothing: server/collectors-dispatch.ts).
        attempts = GREATEST(c.attempts, 1)
    FROM r WHERE c.id = r.id AND c.collector_id = $1 AND c.finished_at IS NULL
    RETURNING c.id, c.dead_letter_id, c.state, c.possible_duplicate, c.error
  ), letters AS (
    -- The dead letter's one write of its reprocess (its item made it \`reprocessing\` until now). A
    -- forced repeat of a reprocessed one stays \`reprocessed\`, handled again now (retention's clock).
    UPDATE dead_letters d
    SET state = CASE WHEN done.state = 'succeeded' THEN 'reprocessed' ELSE 'failed_again' END,
        handled_at = CASE WHEN done.state = 'succeeded' THEN now() ELSE d.handled_at END
    FROM done WHERE d.id = done.dead_letter_id AND d.state <> 'discarded'
    RETURNING d.id
  ), items AS (
    -- A bulk request's item follows its command (lib/reprocess): its request's progress reads these.
    UPDATE reprocess_items i SET state = done.state, error = done.error, finished_at = now()
    FROM done WHERE i.command_id = done.id AND i.state = 'sent'
    RETURNING i.command_id
  )
  SELECT id, possible_duplicate FROM done`;

export async function recordCommandResults(
  collectorId: string,
  results: readonly ParsedCommandResult[],
): Promise<RecordedResults> {
  // One result per command id (the first): UPDATE … FROM with a repeated key would apply an arbitrary one.
  const seen = new Set<string>();
  const unique = results.filter((r) => {
    const key = r.commandId.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (unique.length === 0) return { applied: 0, ignored: results.length, possibleDuplicates: 0 };
  const { rows } = await queryByPrimaryKey<{ id: string; possible_duplicate: boolean }>(FINISH_COMMANDS_SQL, [
    collectorId,
    unique.map((r) => r.commandId),
    unique.map((r) => r.ok),
    unique.map((r) => r.error ?? null),
    unique.map((r) => r.possibleDuplicate ?? false),
  ]);
  return {
    applied: rows.length,
    ignored: results.length - rows.length,
    possibleDuplicates: rows.filter((r) => r.possible_duplicate).length,
  };
}
