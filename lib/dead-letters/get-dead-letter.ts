// One dead letter for the detail page (GET /api/v1/dead-letters/{id}): the list's fields plus
// headers, the payload (text when it is valid UTF-8, else base64; hidden without payloads:read),
// the failure history from its headers, the reprocess attempts made for it (its reprocess items
// handed to a collector, newest first) and its chain: the other dead letters of the same broker and
// message id.
import "server-only";
import { pool } from "@/lib/db/client";
import type { ChainLink, DeadLetterDetail, ReprocessAttempt } from "@/lib/dead-letters/api-types";
import { failureHistory } from "@/lib/dead-letters/failure-history";
import { stateSql, type DeadLetterState } from "@/lib/dead-letters/filter";
import { LIST_COLUMNS, LIST_JOINS, toListItem, type ListRow } from "@/lib/dead-letters/list-dead-letters";
import { AppError } from "@/lib/errors";

type DetailRow = ListRow & {
  broker_id: number;
  message_id: string;
  error_full: string | null;
  error_pattern: string;
  received_at: Date;
  content_type: string | null;
  headers: Record<string, unknown> | null;
  payload: Buffer;
};

type AttemptRow = {
  id: string;
  state: string;
  error: string | null;
  destination: unknown;
  possible_duplicate: boolean;
  created_at: Date;
  finished_at: Date | null;
  user_id: string | null;
  user_name: string | null;
  user_email: string | null;
  collector: string;
};

type ChainRow = {
  id: string;
  state: DeadLetterState;
  reason: string;
  attempts: number;
  first_failed_at: Date;
  last_failed_at: Date;
  dlq: string;
};

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Text when the bytes are UTF-8 without NULs (they survive JSON and a textarea), else base64. */
export function payloadText(bytes: Buffer): { payload: string; payloadEncoding: "utf8" | "base64" } {
  try {
    const text = utf8.decode(bytes);
    if (!text.includes("\u0000")) return { payload: text, payloadEncoding: "utf8" };
  } catch {
    // not UTF-8: shown as base64 below
  }
  return { payload: bytes.toString("base64"), payloadEncoding: "base64" };
}

async function attemptsOf(id: string): Promise<ReprocessAttempt[]> {
  const { rows } = await pool().query<AttemptRow>(
    `SELECT k.command_id AS id, k.state, k.error, k.destination, k.possible_duplicate, k.sent_at AS created_at, k.finished_at,
            u.id AS user_id, u.name AS user_name, u.email AS user_email, c.name AS collector
     FROM reprocess_items k JOIN collectors c ON c.id = k.collector_id
     JOIN reprocess_requests r ON r.id = k.request_id
     LEFT JOIN users u ON u.id = r.requested_by
     WHERE k.dead_letter_id = $1 ORDER BY k.sent_at DESC, k.command_id DESC LIMIT 100`,
    [id],
  );
  return rows.map((r) => ({
    id: r.id,
    state: r.state,
    error: r.error,
    destination: r.destination,
    possibleDuplicate: r.possible_duplicate,
    createdAt: r.created_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
    requestedBy: r.user_id ? { id: r.user_id, name: r.user_name ?? "", email: r.user_email ?? "" } : null,
    collector: r.collector,
  }));
}

async function chainOf(row: DetailRow): Promise<ChainLink[]> {
  const { rows } = await pool().query<ChainRow>(
    `SELECT d.id, ${stateSql("d")} AS state, d.reason, d.attempts, d.first_failed_at, d.last_failed_at, c.name AS dlq
     FROM dead_letters d JOIN channels c ON c.id = d.channel_id
     WHERE d.broker_id = $1 AND d.message_id = $2 AND d.id <> $3
     ORDER BY d.first_failed_at, d.id LIMIT 100`,
    [row.broker_id, row.message_id, row.id],
  );
  return rows.map((r) => ({
    id: r.id,
    state: r.state,
    reason: r.reason,
    attempts: r.attempts,
    firstFailedAt: r.first_failed_at.toISOString(),
    lastFailedAt: r.last_failed_at.toISOString(),
    dlq: r.dlq,
  }));
}

export async function getDeadLetter(id: string, opts: { showPayloads: boolean }): Promise<DeadLetterDetail> {
  const { rows } = await pool().query<DetailRow>(
    `SELECT ${LIST_COLUMNS}, d.broker_id, d.message_id, d.error_text AS error_full, d.error_pattern,
            d.received_at, d.content_type, d.headers, d.payload
     FROM dead_letters d ${LIST_JOINS} WHERE d.id = $1`,
    [id],
  );
  const row = rows[0];
  if (!row) throw new AppError("not_found", `No dead letter has the id ${id}.`);
  const [reprocessAttempts, chain] = await Promise.all([attemptsOf(id), chainOf(row)]);
  const body = payloadText(row.payload);
  return {
    ...toListItem(row),
    error: row.error_full,
    errorTruncated: false,
    messageId: row.message_id,
    errorPattern: row.error_pattern,
    receivedAt: row.received_at.toISOString(),
    contentType: row.content_type,
    headers: row.headers,
    payload: opts.showPayloads ? body.payload : null,
    payloadEncoding: body.payloadEncoding,
    payloadHidden: !opts.showPayloads,
    failures: failureHistory(row.headers),
    reprocessAttempts,
    chain,
  };
}
