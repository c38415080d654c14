// Silences: by rule, scope key and/or label matchers (all given must match), for [startsAt, endsAt).
// A silenced alert keeps its state; the sender (lib/alerts/send-notifications.ts) leaves its scopes
// out of a notification, and a notification with nothing left is recorded as silenced, not sent.
// An expired silence stops suppressing at its endsAt (checked at send time). Changes are audited.
import type pg from "pg";
import type { Acting } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { pool, withTransaction } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { SilenceInput } from "@/lib/alerts/notification-schemas";
import type { Queryable } from "@/lib/alerts/scopes";

export type Matcher = { label: string; value: string };
export type SilenceView = {
  id: string;
  ruleId: string | null;
  scopeKey: string | null;
  matchers: Matcher[];
  startsAt: Date;
  endsAt: Date;
  comment: string;
  createdBy: string | null;
  createdAt: Date;
  active: boolean;
};

const VIEW = `id, rule_id AS "ruleId", scope_key AS "scopeKey", matchers, starts_at AS "startsAt",
  ends_at AS "endsAt", comment, created_by_label AS "createdBy", created_at AS "createdAt",
  (starts_at <= now() AND now() < ends_at) AS active`;

export async function listSilences(o: { expired?: boolean } = {}): Promise<SilenceView[]> {
  const { rows } = await pool().query<SilenceView>(
    `SELECT ${VIEW} FROM silences WHERE $1 OR ends_at > now() ORDER BY starts_at DESC LIMIT 1000`,
    [o.expired ?? false],
  );
  return rows;
}

export async function getSilence(id: string): Promise<SilenceView> {
  const { rows } = await pool().query<SilenceView>(`SELECT ${VIEW} FROM silences WHERE id = $1`, [id]);
  if (!rows[0]) throw new AppError("not_found", `no silence with id ${id}`);
  return rows[0];
}

async function ruleExists(ruleId: string | undefined): Promise<void> {
  if (!ruleId) return;
  const { rowCount } = await pool().query("SELECT 1 FROM alert_rules WHERE id = $1", [ruleId]);
  if (!rowCount)
    throw new AppError("bad_request", "the silence is invalid", [
      { path: "ruleId", message: "no alert rule with this id" },
    ]);
}

async function audit(
  c: pg.PoolClient,
  acting: Acting,
  action: "alert.silence_created" | "alert.silence_changed" | "alert.silence_deleted",
  id: string,
  input?: SilenceInput,
): Promise<void> {
  const details = input && {
    ruleId: input.ruleId ?? null,
    scopeKey: input.scopeKey ?? null,
    matchers: input.matchers,
    endsAt: input.endsAt.toISOString(),
    comment: input.comment,
  };
  await recordAudit({ ...acting, action, target: `silence:${id}`, ...(details ? { details } : {}) }, c);
}

export async function createSilence(
  input: SilenceInput,
  acting: Acting & { userId: string },
): Promise<SilenceView> {
  await ruleExists(input.ruleId);
  const id = await withTransaction(async (c) => {
    const { rows } = await c.query<{ id: string }>(
      `INSERT INTO silences (id, rule_id, scope_key, matchers, starts_at, ends_at, comment, created_by, created_by_label)
       VALUES (gen_random_uuid(), $1, $2, $3, COALESCE($4, now()), $5, $6, $7, $8) RETURNING id`,
      [
        input.ruleId ?? null,
        input.scopeKey ?? null,
        JSON.stringify(input.matchers),
        input.startsAt ?? null,
        input.endsAt,
        input.comment,
        acting.userId,
        acting.actor.label ?? null,
      ],
    );
    await audit(c, acting, "alert.silence_created", rows[0]!.id, input);
    return rows[0]!.id;
  });
  return getSilence(id);
}

export async function replaceSilence(id: string, input: SilenceInput, acting: Acting): Promise<SilenceView> {
  await ruleExists(input.ruleId);
  await withTransaction(async (c) => {
    const { rowCount } = await c.query(
      `UPDATE silences SET rule_id = $2, scope_key = $3, matchers = $4, starts_at = COALESCE($5, starts_at),
              ends_at = $6, comment = $7 WHERE id = $1`,
      [
        id,
        input.ruleId ?? null,
        input.scopeKey ?? null,
        JSON.stringify(input.matchers),
        input.startsAt ?? null,
        input.endsAt,
        input.comment,
      ],
    );
    if (!rowCount) throw new AppError("not_found", `no silence with id ${id}`);
    await audit(c, acting, "alert.silence_changed", id, input);
  });
  return getSilence(id);
}

export async function deleteSilence(id: string, acting: Acting): Promise<void> {
  await withTransaction(async (c) => {
    const { rowCount } = await c.query("DELETE FROM silences WHERE id = $1", [id]);
    if (!rowCount) throw new AppError("not_found", `no silence with id ${id}`);
    await audit(c, acting, "alert.silence_deleted", id);
  });
}

type ActiveSilence = { rule_id: string | null; scope_key: string | null; matchers: Matcher[] };

/** The silences in force at `at`. */
export async function activeSilences(q: Queryable, at: Date): Promise<ActiveSilence[]> {
  const { rows } = await q.query<ActiveSilence>(
    "SELECT rule_id, scope_key, matchers FROM silences WHERE starts_at <= $1 AND $1 < ends_at",
    [at],
  );
  return rows;
}

/** Whether one alert (rule, scope, labels — the rule's labels plus alertname) is silenced. */
export function isSilenced(
  silences: ActiveSilence[],
  alert: { ruleId: string; scopeKey: string; labels: Record<string, string> },
): boolean {
  return silences.some(
    (s) =>
      (s.rule_id === null || s.rule_id === alert.ruleId) &&
      (s.scope_key === null || s.scope_key === alert.scopeKey) &&
      s.matchers.every((m) => alert.labels[m.label] === m.value),
  );
}
