// The Audit page's read model: newest first, filtered by kind of action and by who, paged by id.
import { z } from "zod";
import { pool } from "@/lib/db/client";
import { AUDIT_ACTIONS, AUDIT_GROUPS, type AuditAction } from "@/lib/audit/actions";

export const auditQuerySchema = z.object({
  /** One action ("user.role_changed") or a group ("user"). */
  action: z
    .string()
    .refine(
      (a) => a in AUDIT_ACTIONS || (AUDIT_GROUPS as readonly string[]).includes(a),
      "unknown action or group",
    )
    .optional(),
  /** Part of the actor's email or name, case-insensitive. */
  actor: z.string().trim().max(200).optional(),
  /** Entries older than this id (the previous page's last). */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export type AuditEntryRow = {
  id: number;
  at: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  action: AuditAction;
  description: string;
  target: string | null;
  details: Record<string, unknown> | null;
  ip: string | null;
};

export async function listAudit(
  q: AuditQuery,
): Promise<{ entries: AuditEntryRow[]; nextBefore: number | null }> {
  const group = q.action && !(q.action in AUDIT_ACTIONS) ? `${q.action}.%` : null;
  const exact = q.action && q.action in AUDIT_ACTIONS ? q.action : null;
  const actor = q.actor ? `%${q.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const { rows } = await pool().query<Omit<AuditEntryRow, "description">>(
    `SELECT id, at, actor_type AS "actorType", actor_id AS "actorId", actor_label AS "actorLabel",
            action, target, details, ip
       FROM audit_log
      WHERE ($1::text IS NULL OR action = $1)
        AND ($2::text IS NULL OR action LIKE $2)
        AND ($3::text IS NULL OR actor_label ILIKE $3)
        AND ($4::bigint IS NULL OR id < $4)
      ORDER BY id DESC
      LIMIT $5`,
    [exact, group, actor, q.before ?? null, q.limit + 1],
  );
  const page = rows
    .slice(0, q.limit)
    .map((r) => ({ ...r, description: AUDIT_ACTIONS[r.action] ?? r.action }));
  return { entries: page, nextBefore: rows.length > q.limit ? (page.at(-1)?.id ?? null) : null };
}
