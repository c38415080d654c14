// Records what an agent reports for its commands: in one statement (so one transaction), each
// unfinished command of that collector — a reprocess item handed over to it (lib/reprocess) — becomes
// succeeded or failed, and its dead letter leaves `reprocessing`: `reprocessed` on success,
// `failed_again` on failure (kept apart from `pending` so the DLQ page can tell "never tried" from
// "tried and failed"; both may be reprocessed again).
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
// collector's open commands (reprocess_items_open_commands_idx) and, whenever statistics counted few
// in flight, did — every command in flight read and tested against the batch. Without it, and with
// no sequential scan (queryByPrimaryKey), each result finds its item by command id
// (reprocess_items_command_id_key). One statement per batch of results, whatever its size. Exported
// for its plan's test.
export const FINISH_COMMANDS_SQL = `WITH r AS (
    SELECT * FROM unnest($2::uuid[], $3::bool[], $4::text[], $5::bool[]) AS r(id, ok, error, dup)
  ), done AS (
    UPDATE reprocess_items i
    SET state = CASE WHEN r.ok THEN 'succeeded' ELSE 'failed' END,
        error = CASE WHEN r.ok THEN NULL ELSE COALESCE(r.error, 'the collector reported a failure without a reason') END,
        possible_duplicate = r.dup, finished_at = now()
    FROM r WHERE i.command_id = r.id AND i.collector_id = $1 AND i.finished_at IS NULL
    RETURNING i.command_id, i.dead_letter_id, i.state, i.possible_duplicate
  ), letters AS (
    -- The dead letter's one write of its reprocess (its item made it \`reprocessing\` until now). A
    -- forced repeat of a reprocessed one stays \`reprocessed\`, handled again now (retention's clock).
    UPDATE dead_letters d
    SET state = CASE WHEN done.state = 'succeeded' THEN 'reprocessed' ELSE 'failed_again' END,
        handled_at = CASE WHEN done.state = 'succeeded' THEN now() ELSE d.handled_at END
    FROM done WHERE d.id = done.dead_letter_id AND d.state <> 'discarded'
    RETURNING d.id
  )
  SELECT command_id AS id, possible_duplicate FROM done`;

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
