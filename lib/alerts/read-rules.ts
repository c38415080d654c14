// Alert read models for the API and (next) the Alerts pages: rules with their current state, one
// rule with its instances, the current alerts across rules, and a rule's transition history.
// Rules come back in the contract's words (window, for, noData, …) so a rule read can be sent back.
import { z } from "zod";
import { pool } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { inputOf, RULE_COLUMNS, type RuleRow } from "@/lib/alerts/stored-rule";
import { STATES, type AlertStateName } from "@/lib/alerts/state-machine";

/** Worst first: what a rule's state is when its instances disagree. */
const SEVERITY_OF_STATE: Record<AlertStateName, number> = {
  firing: 4,
  pending: 3,
  error: 2,
  nodata: 1,
  normal: 0,
};

export type RuleJson = ReturnType<typeof ruleJson>;

function ruleJson(r: RuleRow) {
  return {
    id: r.id,
    ...inputOf(r),
    version: r.version,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    createdBy: r.created_by_label,
  };
}

type InstanceRow = {
  rule_id: string;
  scope_key: string;
  state: AlertStateName;
  since: Date;
  value: number | null;
  error: string | null;
  fired_at: Date | null;
  resolved_at: Date | null;
  evaluated_at: Date;
  summary: string | null;
};

function instanceJson(i: InstanceRow) {
  return {
    scopeKey: i.scope_key,
    state: i.state,
    since: i.since.toISOString(),
    value: i.value,
    error: i.error,
    firedAt: i.fired_at?.toISOString() ?? null,
    resolvedAt: i.resolved_at?.toISOString() ?? null,
    evaluatedAt: i.evaluated_at.toISOString(),
    summary: i.summary,
  };
}

const INSTANCES = `SELECT i.rule_id, i.scope_key, i.state, i.since, i.value, i.error, i.fired_at, i.resolved_at, i.evaluated_at,
    (SELECT t.summary FROM alert_transitions t WHERE t.rule_id = i.rule_id AND t.scope_key = i.scope_key
     ORDER BY t.at DESC, t.id DESC LIMIT 1) AS summary
  FROM alert_instances i`;

function withState(rule: RuleRow, instances: InstanceRow[]) {
  const worst = instances.reduce<InstanceRow | null>(
    (w, i) => (w === null || SEVERITY_OF_STATE[i.state] > SEVERITY_OF_STATE[w.state] ? i : w),
    null,
  );
  return {
    ...ruleJson(rule),
    /** The worst instance's state; null before the first evaluation (or after a change). */
    state: rule.enabled ? (worst?.state ?? null) : ("paused" as const),
    value: worst?.value ?? null,
    evaluatedAt: worst?.evaluated_at.toISOString() ?? null,
    instances: instances.map(instanceJson),
  };
}

export async function listRules() {
  const db = pool();
  const [{ rows: rules }, { rows: instances }] = await Promise.all([
    db.query<RuleRow>(`SELECT ${RULE_COLUMNS} FROM alert_rules ORDER BY lower(name), id`),
    db.query<InstanceRow>(`${INSTANCES} ORDER BY i.rule_id, i.scope_key`),
  ]);
  const byRule = new Map<string, InstanceRow[]>();
  for (const i of instances) byRule.set(i.rule_id, [...(byRule.get(i.rule_id) ?? []), i]);
  return { rules: rules.map((r) => withState(r, byRule.get(r.id) ?? [])) };
}

export async function getRule(id: string) {
  const db = pool();
  const { rows } = await db.query<RuleRow>(`SELECT ${RULE_COLUMNS} FROM alert_rules WHERE id = $1`, [id]);
  if (rows.length === 0) throw new AppError("not_found", `no alert rule with id ${id}`);
  const { rows: instances } = await db.query<InstanceRow>(
    `${INSTANCES} WHERE i.rule_id = $1 ORDER BY i.scope_key`,
    [id],
  );
  return withState(rows[0]!, instances);
}

export const alertsQuerySchema = z.strictObject({
  /** Comma-separated states; by default what needs attention: firing, pending, nodata, error. */
  state: z
    .string()
    .transform((s) => s.split(",").map((x) => x.trim()))
    .pipe(z.array(z.enum(STATES, { error: `must be states among ${STATES.join(", ")}` })))
    .optional(),
});

/** Current alerts of enabled rules, firing first, then by severity and time. */
export async function listAlerts(q: z.output<typeof alertsQuerySchema>) {
  const states = q.state ?? ["firing", "pending", "nodata", "error"];
  const { rows } = await pool().query<
    InstanceRow & { name: string; kind: string; severity: string; labels: unknown }
  >(
    `SELECT x.*, r.name, r.kind, r.severity, r.labels FROM (${INSTANCES} WHERE i.state = ANY($1::text[])) x
     JOIN alert_rules r ON r.id = x.rule_id AND r.enabled
     ORDER BY CASE x.state WHEN 'firing' THEN 0 WHEN 'pending' THEN 1 WHEN 'error' THEN 2 WHEN 'nodata' THEN 3 ELSE 4 END,
              CASE r.severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, x.since DESC, r.name, x.scope_key
     LIMIT 1000`,
    [states],
  );
  return {
    alerts: rows.map((r) => ({
      ruleId: r.rule_id,
      rule: r.name,
      kind: r.kind,
      severity: r.severity,
      labels: r.labels,
      ...instanceJson(r),
    })),
  };
}

export const historyQuerySchema = z.strictObject({
  scopeKey: z.string().min(1, "must not be empty").max(1000).optional(),
  /** Keyset cursor: transitions older than this id (the previous page's nextBefore). */
  before: z.coerce
    .number({ error: "must be a transition id" })
    .int()
    .positive("must be a transition id")
    .optional(),
  limit: z.coerce
    .number({ error: "must be a number" })
    .int()
    .min(1, "must be 1 to 500")
    .max(500, "must be 1 to 500")
    .default(100),
});

/** A rule's transitions, newest first, a page at a time. */
export async function ruleHistory(id: string, q: z.output<typeof historyQuerySchema>) {
  const db = pool();
  const { rowCount } = await db.query("SELECT 1 FROM alert_rules WHERE id = $1", [id]);
  if (!rowCount) throw new AppError("not_found", `no alert rule with id ${id}`);
  const { rows } = await db.query<{
    id: string;
    scope_key: string;
    from_state: string;
    to_state: string;
    event: string;
    value: number | null;
    threshold: number | null;
    summary: string | null;
    rule_version: number;
    at: Date;
  }>(
    `SELECT id, scope_key, from_state, to_state, event, value, threshold, summary, rule_version, at
     FROM alert_transitions WHERE rule_id = $1 AND ($2::text IS NULL OR scope_key = $2) AND ($3::int8 IS NULL OR id < $3)
     ORDER BY id DESC LIMIT $4`,
    [id, q.scopeKey ?? null, q.before ?? null, q.limit + 1],
  );
  const page = rows.slice(0, q.limit);
  return {
    transitions: page.map((t) => ({
      id: Number(t.id),
      scopeKey: t.scope_key,
      from: t.from_state,
      to: t.to_state,
      event: t.event,
      value: t.value,
      threshold: t.threshold,
      summary: t.summary,
      ruleVersion: t.rule_version,
      at: t.at.toISOString(),
    })),
    nextBefore: rows.length > q.limit ? Number(page.at(-1)!.id) : null,
  };
}
