// The notification log: notifications newest first with every attempt, for a rule's detail page or
// a contact point's, a page at a time (keyset on id).
import { z } from "zod";
import { pool } from "@/lib/db/client";

export const notificationLogQuerySchema = z.strictObject({
  ruleId: z.string().uuid("must be a rule id").optional(),
  contactPointId: z.string().uuid("must be a contact point id").optional(),
  /** Keyset cursor: notifications older than this id (the previous page's nextBefore). */
  before: z.coerce
    .number({ error: "must be a notification id" })
    .int()
    .positive("must be a notification id")
    .optional(),
  limit: z.coerce
    .number({ error: "must be a number" })
    .int()
    .min(1, "must be 1 to 200")
    .max(200, "must be 1 to 200")
    .default(50),
});

type Row = {
  id: string;
  rule_id: string | null;
  contact_point_id: string;
  contact_point: string;
  kind: string;
  status: string;
  attempts: number;
  next_attempt_at: Date;
  created_at: Date;
  finished_at: Date | null;
  last_error: string | null;
  scopes: string[];
  log: { at: string; ok: boolean; responseCode: number | null; error: string | null; durationMs: number }[];
};

export async function notificationLog(q: z.output<typeof notificationLogQuerySchema>) {
  const { rows } = await pool().query<Row>(
    `SELECT n.id, n.rule_id, n.contact_point_id, cp.name AS contact_point, n.kind, n.status, n.attempts,
            n.next_attempt_at, n.created_at, n.finished_at, n.last_error,
            ARRAY(SELECT a->>'scopeKey' FROM jsonb_array_elements(n.payload->'alerts') a) AS scopes,
            COALESCE((SELECT json_agg(json_build_object('at', t.at, 'ok', t.ok, 'responseCode', t.response_code,
                                                        'error', t.error, 'durationMs', t.duration_ms) ORDER BY t.id)
                        FROM notification_attempts t WHERE t.notification_id = n.id), '[]') AS log
       FROM alert_notifications n JOIN contact_points cp ON cp.id = n.contact_point_id
      WHERE ($1::uuid IS NULL OR n.rule_id = $1) AND ($2::uuid IS NULL OR n.contact_point_id = $2)
        AND ($3::int8 IS NULL OR n.id < $3)
      ORDER BY n.id DESC LIMIT $4`,
    [q.ruleId ?? null, q.contactPointId ?? null, q.before ?? null, q.limit + 1],
  );
  const page = rows.slice(0, q.limit);
  return {
    notifications: page.map((n) => ({
      id: Number(n.id),
      ruleId: n.rule_id,
      contactPointId: n.contact_point_id,
      contactPoint: n.contact_point,
      kind: n.kind,
      status: n.status,
      scopes: n.scopes,
      attempts: n.attempts,
      nextAttemptAt: n.status === "pending" ? n.next_attempt_at.toISOString() : null,
      createdAt: n.created_at.toISOString(),
      finishedAt: n.finished_at?.toISOString() ?? null,
      lastError: n.last_error,
      log: n.log,
    })),
    nextBefore: rows.length > q.limit ? Number(page.at(-1)!.id) : null,
  };
}
