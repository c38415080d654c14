// The notification outbox's write side, run inside the evaluation cycle's transaction (so a
// transition and the notification it owes commit together: a restart neither loses one nor, since
// the transition is not re-earned, writes it twice). Grouped per rule: one notification per rule and
// cycle lists the rule's firing scopes (and those that resolved this cycle), fanned out to every
// enabled contact point (the routing default: all contact points get every rule's notifications).
// While a rule keeps firing without news, a "repeat" goes out every repeat interval.
// (Not "server-only": server/main.ts runs the evaluator.)
import type { Queryable } from "@/lib/alerts/scopes";
import type { RuleRow } from "@/lib/alerts/stored-rule";

export type NotifiedAlert = {
  scopeKey: string;
  scope: string;
  state: "firing" | "resolved";
  value: number | null;
  summary: string;
  since: string;
};

export type RuleNews = { rule: RuleRow; alerts: NotifiedAlert[]; fired: boolean; resolved: boolean };

export type NotificationKind = "firing" | "resolved" | "repeat" | "test";

export type NotificationPayload = {
  version: 1;
  kind: NotificationKind;
  status: "firing" | "resolved";
  rule: {
    id: string;
    name: string;
    severity: string;
    labels: Record<string, string>;
    runbookUrl: string | null;
  } | null;
  alerts: NotifiedAlert[];
};

export async function enqueueNotifications(
  c: Queryable,
  news: RuleNews[],
  nowMs: number,
  repeatMs: number,
): Promise<number> {
  const quiet = news.filter((n) => !n.fired && !n.resolved && n.alerts.some((a) => a.state === "firing"));
  const due = new Set<string>();
  if (quiet.length > 0) {
    // Repeat when the rule's last firing-or-repeat notification is older than the interval (or none).
    const { rows } = await c.query<{ id: string }>(
      `SELECT r.id FROM unnest($1::uuid[]) AS r(id)
        WHERE NOT EXISTS (SELECT 1 FROM alert_notifications n
                           WHERE n.rule_id = r.id AND n.kind IN ('firing', 'repeat') AND n.created_at > $2)`,
      [quiet.map((n) => n.rule.id), new Date(nowMs - repeatMs)],
    );
    for (const r of rows) due.add(r.id);
  }
  const out: { ruleId: string; kind: NotificationKind; payload: NotificationPayload }[] = [];
  for (const n of news) {
    const kind: NotificationKind | null = n.fired
      ? "firing"
      : n.resolved
        ? "resolved"
        : due.has(n.rule.id)
          ? "repeat"
          : null;
    if (!kind) continue;
    out.push({
      ruleId: n.rule.id,
      kind,
      payload: {
        version: 1,
        kind,
        status: n.alerts.some((a) => a.state === "firing") ? "firing" : "resolved",
        rule: {
          id: n.rule.id,
          name: n.rule.name,
          severity: n.rule.severity,
          labels: (n.rule.labels ?? {}) as Record<string, string>,
          runbookUrl: n.rule.runbook_url,
        },
        alerts: n.alerts,
      },
    });
  }
  if (out.length === 0) return 0;
  const { rowCount } = await c.query(
    `INSERT INTO alert_notifications (rule_id, contact_point_id, kind, payload, next_attempt_at, created_at)
     SELECT u.rule_id, cp.id, u.kind, u.payload, $1, $1
       FROM unnest($2::uuid[], $3::text[], $4::jsonb[]) AS u(rule_id, kind, payload)
       CROSS JOIN contact_points cp WHERE cp.enabled`,
    [
      new Date(nowMs),
      out.map((o) => o.ruleId),
      out.map((o) => o.kind),
      out.map((o) => JSON.stringify(o.payload)),
    ],
  );
  return rowCount ?? 0;
}

/**
 * Before a rule's instances are cleared (the rule replaced or deleted), its firing scopes are
 * notified as resolved — otherwise a receiver would hold them open for ever. `why` ends the summary.
 */
export async function enqueueWithdrawn(
  c: Queryable,
  ruleId: string,
  why: string,
  nowMs = Date.now(),
): Promise<void> {
  const { rows } = await c.query<{
    name: string;
    severity: string;
    labels: Record<string, string>;
    runbook_url: string | null;
    scope_key: string;
    value: number | null;
  }>(
    `SELECT r.name, r.severity, r.labels, r.runbook_url, i.scope_key, i.value
       FROM alert_instances i JOIN alert_rules r ON r.id = i.rule_id
      WHERE i.rule_id = $1 AND i.state = 'firing' ORDER BY i.scope_key`,
    [ruleId],
  );
  const first = rows[0];
  if (!first) return;
  const at = new Date(nowMs);
  const payload: NotificationPayload = {
    version: 1,
    kind: "resolved",
    status: "resolved",
    rule: {
      id: ruleId,
      name: first.name,
      severity: first.severity,
      labels: first.labels,
      runbookUrl: first.runbook_url,
    },
    alerts: rows.map((r) => ({
      scopeKey: r.scope_key,
      scope: r.scope_key,
      state: "resolved",
      value: r.value,
      summary: `${first.name}: ${why}`,
      since: at.toISOString(),
    })),
  };
  await c.query(
    `INSERT INTO alert_notifications (rule_id, contact_point_id, kind, payload, next_attempt_at, created_at)
     SELECT $1, cp.id, 'resolved', $2, $3, $3 FROM contact_points cp WHERE cp.enabled`,
    [ruleId, JSON.stringify(payload), at],
  );
}
