// Queues the republish of stored dead letters: one command per dead letter, addressed to the
// collector that serves its broker, persisted before anything is pushed (the /collectors namespace
// pushes it now if that agent is connected, else when it next says hello). A dead letter with an
// unfinished command is refused, so nothing republishes it twice (a partial unique index backs this
// up against racing callers). The reprocess dispatcher (lib/reprocess/dispatch.ts) is the caller: the
// dead letters are `reprocessing` through their request's items, and their rows are not written here.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { notifyCommandsEnqueued } from "@/lib/collectors/command-notices";
import type { ReprocessDestination } from "@/lib/collectors/schemas";
import { withTransaction } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/**
 * The header where a collector keeps a dead letter's original routing key / subject (the ingest
 * contract has no field for it); the default destination's subject comes from there.
 */
export const ORIGINAL_SUBJECT_HEADER = "x-eventscope-original-subject";
export const MAX_REPROCESS_BATCH = 1_000;

export type EnqueueReprocessInput = {
  deadLetterIds: readonly string[];
  /** Where to republish every one of them; default: each one's original channel and subject. */
  destination?: ReprocessDestination;
  /** The user asking (null for the system); kept on each command. */
  requestedBy: string | null;
  /** Edit-before-reprocess, per dead letter id: sent instead of its stored payload / headers. */
  overrides?: ReadonlyMap<string, CommandOverride>;
};

export type CommandOverride = { payload?: Buffer; headers?: Record<string, unknown> };

export type EnqueuedCommand = {
  commandId: string;
  deadLetterId: string;
  collectorId: string;
  collectorName: string;
  destination: ReprocessDestination;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * All or nothing: throws AppError (bad_request, not_found or conflict, naming the dead letters) and
 * enqueues none when any of them cannot be reprocessed. Pass `client` to enqueue inside your own
 * transaction; then call notifyCommandsEnqueued(collector ids) after you commit.
 */
export async function enqueueReprocess(
  input: EnqueueReprocessInput,
  client?: pg.PoolClient,
): Promise<EnqueuedCommand[]> {
  if (client) return enqueueIn(client, input);
  const commands = await withTransaction((c) => enqueueIn(c, input));
  notifyCommandsEnqueued(commands.map((c) => c.collectorId));
  return commands;
}

type DeadLetterRow = {
  id: string;
  broker_id: number;
  broker: string;
  busy: boolean;
  original_channel: string | null;
  original_subject: string | null;
};

async function enqueueIn(db: pg.PoolClient, input: EnqueueReprocessInput): Promise<EnqueuedCommand[]> {
  const ids = checkIds(input);
  // No row lock: locking is a write to each dead letter's row (its tuple header, and WAL), and
  // nothing needs it. The dispatcher's dead letters are in flight through their open items from the
  // request's creation on, so no discard, purge or retention takes them meanwhile
  // (lib/dead-letters/filter.ts) and no other request gets them; two callers racing for the same
  // dead letter collide on collector_commands_open_dead_letter_key (a conflict below).
  const { rows } = await db.query<DeadLetterRow>(
    `SELECT d.id, d.broker_id, b.name AS broker, oc.name AS original_channel,
            EXISTS (SELECT 1 FROM collector_commands k WHERE k.dead_letter_id = d.id AND k.state IN ('pending', 'sent')) AS busy,
            d.headers ->> '${ORIGINAL_SUBJECT_HEADER}' AS original_subject
     FROM dead_letters d JOIN brokers b ON b.id = d.broker_id
     LEFT JOIN channels oc ON oc.id = d.original_channel_id
     WHERE d.id = ANY($1::uuid[]) ORDER BY d.id`,
    [ids],
  );
  const found = new Set(rows.map((r) => r.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) throw new AppError("not_found", `no dead letter ${list(missing)}`);
  const busy = rows.filter((r) => r.busy).map((r) => r.id);
  if (busy.length > 0)
    throw new AppError("conflict", `dead letter ${list(busy)} is already being reprocessed`);

  const owners = await collectorsFor(db, [...new Set(rows.map((r) => r.broker_id))]);
  const commands = rows.map((r): EnqueuedCommand => {
    const owner = owners.get(r.broker_id);
    if (!owner)
      throw new AppError(
        "conflict",
        `no collector serves broker "${r.broker}" (dead letter ${r.id}); start a collector for it, then reprocess`,
      );
    return {
      commandId: randomUUID(),
      deadLetterId: r.id,
      collectorId: owner.id,
      collectorName: owner.name,
      destination: input.destination ?? defaultDestination(r),
    };
  });

  try {
    await db.query(
      `INSERT INTO collector_commands (id, collector_id, dead_letter_id, destination, requested_by, payload_override, headers_override)
       SELECT u.id, u.c, u.d, u.dest, $5, u.p, u.h
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::jsonb[], $6::bytea[], $7::jsonb[]) AS u(id, c, d, dest, p, h)`,
      [
        commands.map((c) => c.commandId),
        commands.map((c) => c.collectorId),
        commands.map((c) => c.deadLetterId),
        commands.map((c) => JSON.stringify(c.destination)),
        input.requestedBy,
        commands.map((c) => input.overrides?.get(c.deadLetterId)?.payload ?? null),
        commands.map((c) => {
          const headers = input.overrides?.get(c.deadLetterId)?.headers;
          return headers === undefined ? null : JSON.stringify(headers);
        }),
      ],
    );
  } catch (err) {
    if ((err as { code?: string }).code === "23505")
      throw new AppError("conflict", "some of these dead letters are already being reprocessed");
    throw err;
  }
  return commands;
}

function checkIds(input: EnqueueReprocessInput): string[] {
  const ids = [...new Set(input.deadLetterIds.map((id) => id.toLowerCase()))];
  if (ids.length === 0) throw new AppError("bad_request", "no dead letter to reprocess");
  if (ids.length > MAX_REPROCESS_BATCH)
    throw new AppError("bad_request", `at most ${MAX_REPROCESS_BATCH} dead letters at a time`);
  const bad = ids.filter((id) => !UUID.test(id));
  if (bad.length > 0) throw new AppError("bad_request", `not a dead letter id: ${list(bad)}`);
  if (input.requestedBy !== null && !UUID.test(input.requestedBy))
    throw new AppError("bad_request", "requestedBy must be a user id");
  return ids;
}

/**
 * Per broker, the collector that gets its commands: the non-revoked one that said hello most
 * recently (the one most likely running), then the newest.
 */
async function collectorsFor(
  db: pg.PoolClient,
  brokerIds: number[],
): Promise<Map<number, { id: string; name: string }>> {
  const { rows } = await db.query<{ id: string; name: string; broker_id: number }>(
    `SELECT DISTINCT ON (broker_id) id, name, broker_id FROM collectors
     WHERE broker_id = ANY($1::int[]) AND revoked_at IS NULL
     ORDER BY broker_id, connected_at DESC NULLS LAST, created_at DESC`,
    [brokerIds],
  );
  return new Map(rows.map((r) => [r.broker_id, { id: r.id, name: r.name }]));
}

function defaultDestination(r: DeadLetterRow): ReprocessDestination {
  if (r.original_channel === null)
    throw new AppError(
      "bad_request",
      `dead letter ${r.id} has no known original channel; choose a destination to republish it to`,
    );
  return r.original_subject === null
    ? { channel: r.original_channel }
    : { channel: r.original_channel, subject: r.original_subject };
}

function list(ids: string[]): string {
  return ids.length <= 3 ? ids.join(", ") : `${ids.slice(0, 3).join(", ")} and ${ids.length - 3} more`;
}
