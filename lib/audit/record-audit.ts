// The audit log's one writer. Every sign-in (and failed one), role, user, token and settings change
// and every other state-changing action goes through here, inside the caller's transaction when it
// has one, so an action and its record commit together. Never holds a secret: details are ids,
// names, emails and prefixes.
import type pg from "pg";
import { pool } from "@/lib/db/client";
import type { AuditAction } from "@/lib/audit/actions";

export type AuditActor =
  | { type: "user"; id: string; label: string }
  | { type: "token"; id: string; label: string }
  | { type: "collector"; id: string; label: string }
  | { type: "system"; label: string }
  | { type: "anonymous"; label?: string };

export type AuditEntry = {
  actor: AuditActor;
  action: AuditAction;
  /** What it was done to: "user:<id>", "token:<prefix>", "collector:<name>", "setting:<key>". */
  target?: string;
  details?: Record<string, unknown>;
  ip?: string | null;
};

type Queryable = Pick<pg.Pool | pg.PoolClient, "query">;

export async function recordAudit(entry: AuditEntry, db: Queryable = pool()): Promise<void> {
  const a = entry.actor;
  await db.query(
    `INSERT INTO audit_log (actor_type, actor_id, actor_label, action, target, details, ip)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      a.type,
      "id" in a ? a.id : null,
      a.label ?? null,
      entry.action,
      entry.target ?? null,
      entry.details === undefined ? null : JSON.stringify(entry.details),
      entry.ip ?? null,
    ],
  );
}
