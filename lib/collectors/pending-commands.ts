// A collector's unfinished reprocess commands — the reprocess items handed over to it
// (lib/reprocess/dispatch.ts) — oldest first, as the /collectors protocol carries them: each with its
// dead letter's stored headers and payload (or the edited ones its item carries,
// edit-before-reprocess) (UTF-8 text when it is valid UTF-8, else base64). Pages through with a
// cursor, at most MAX_COMMANDS_PER_PAGE (by default MAX_COMMANDS_PER_PUSH) and a byte budget per
// page, so a page never holds hundreds of megabytes of payloads. A pure read, and a push writes
// nothing either: which commands an agent holds is the pushing process's memory
// (server/collectors-dispatch.ts); Postgres has a command open until its result is recorded.
import { isUtf8 } from "node:buffer";
import { MAX_COMMANDS_PER_PUSH, type ReprocessCommand } from "@/lib/collectors/protocol";
import { pool } from "@/lib/db/client";

/** Payload bytes in one page; a single larger dead letter still goes, alone. */
export const MAX_PUSH_BYTES = 8 * 1024 * 1024;
/**
 * Commands in one page at most (the /collectors push reads a page for its whole free window and
 * sends it in pushes of MAX_COMMANDS_PER_PUSH: one statement per sixteen pushes, not one per push).
 */
export const MAX_COMMANDS_PER_PAGE = 4_096;

/** A command's hand-over time and id: the push's order. */
export type CommandCursor = { createdAt: Date; id: string };
export const START: CommandCursor = {
  createdAt: new Date(0), // before any command
  id: "00000000-0000-0000-0000-000000000000",
};

export type PendingCommandsOptions = {
  after?: CommandCursor;
  limit?: number;
  maxBytes?: number;
};

export type CommandsPage = {
  commands: ReprocessCommand[];
  /** Where the next page starts; null when this page holds everything that was left. */
  next: CommandCursor | null;
  /** Just past this page's last command (where a later read for newer commands starts); null when empty. */
  end: CommandCursor | null;
};

type Row = {
  id: string;
  dead_letter_id: string;
  destination: { channel: string; subject?: string };
  created_at: Date;
  headers: unknown;
  payload: Buffer;
  content_type: string | null;
  total: number;
};

export async function pendingCommands(
  collectorId: string,
  opts: PendingCommandsOptions = {},
): Promise<CommandsPage> {
  const after = opts.after ?? START;
  const limit = Math.min(opts.limit ?? MAX_COMMANDS_PER_PUSH, MAX_COMMANDS_PER_PAGE);
  // octet_length of a bytea reads its size from the TOAST header: the budget is decided before any
  // payload is fetched, and only the payloads that fit are read.
  const { rows } = await pool().query<Row>(
    `WITH open AS (
       SELECT i.command_id AS id, i.dead_letter_id, i.destination, i.sent_at AS created_at, i.request_id, i.position,
              octet_length(COALESCE(i.payload_override, d.payload)) AS size
       FROM reprocess_items i JOIN dead_letters d ON d.id = i.dead_letter_id
       WHERE i.collector_id = $1 AND i.state = 'sent' AND (i.sent_at, i.command_id) > ($2::timestamptz, $3::uuid)
       ORDER BY i.sent_at, i.command_id LIMIT $4
     ), budget AS (
       SELECT *, sum(size) OVER (ORDER BY created_at, id) AS running, count(*) OVER () AS total FROM open
     ), page AS (
       SELECT b.id, b.dead_letter_id, b.destination, b.created_at, b.total,
              COALESCE(i.headers_override, d.headers) AS headers, COALESCE(i.payload_override, d.payload) AS payload, d.content_type
       FROM budget b JOIN dead_letters d ON d.id = b.dead_letter_id
       JOIN reprocess_items i ON i.request_id = b.request_id AND i.position = b.position
       WHERE b.running - b.size < $5
     )
     SELECT * FROM page ORDER BY created_at, id`,
    [collectorId, after.createdAt, after.id, limit, opts.maxBytes ?? MAX_PUSH_BYTES],
  );
  const last = rows.at(-1);
  const more = last !== undefined && (rows.length < last.total || last.total === limit);
  const end = last === undefined ? null : { createdAt: last.created_at, id: last.id };
  return { commands: rows.map(toCommand), next: more ? end : null, end };
}

function toCommand(r: Row): ReprocessCommand {
  const text = isUtf8(r.payload);
  const command: ReprocessCommand = {
    commandId: r.id,
    deadLetterId: r.dead_letter_id,
    destination:
      r.destination.subject === undefined
        ? { channel: r.destination.channel }
        : { channel: r.destination.channel, subject: r.destination.subject },
    headers: scalarHeaders(r.headers),
    payload: r.payload.toString(text ? "utf8" : "base64"),
    payloadEncoding: text ? "utf8" : "base64",
  };
  if (r.content_type !== null) command.contentType = r.content_type;
  return command;
}

/** Stored headers are scalars (ingest refuses others); anything else is left out rather than sent malformed. */
function scalarHeaders(raw: unknown): ReprocessCommand["headers"] {
  const out: ReprocessCommand["headers"] = {};
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return out;
  for (const [k, v] of Object.entries(raw)) {
    if (v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean") out[k] = v;
  }
  return out;
}

/** Which of these collectors have unfinished commands (the periodic sweep's question). */
export async function collectorsWithOpenCommands(collectorIds: readonly string[]): Promise<string[]> {
  if (collectorIds.length === 0) return [];
  const { rows } = await pool().query<{ collector_id: string }>(
    `SELECT DISTINCT collector_id FROM reprocess_items WHERE state = 'sent' AND collector_id = ANY($1::uuid[])`,
    [collectorIds],
  );
  return rows.map((r) => r.collector_id);
}
