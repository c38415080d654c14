// One evaluation cycle over every enabled rule, in one transaction holding an advisory lock so that
// with several app instances one evaluates and the others skip: load the rules, read their metrics
// (lib/alerts/read-metrics.ts), step each instance's state machine at `nowMs` (the clock is a
// parameter, so tests drive time), then write every instance in one statement and every transition
// in another. A rule that does not validate or whose metric read fails gets an "error" reading
// (its error policy decides). Instances a multi-instance rule no longer reports (a collector
// revoked) read as no data. The rules are read FOR SHARE: an edit or delete waits for the cycle to
// commit, so a cycle never writes a state its rule's new version did not earn.
// (Not "server-only": server/main.ts runs it.)
import { withTransaction } from "@/lib/db/client";
import { readMetrics, conditionOf, type ParsedRule, type Reading } from "@/lib/alerts/read-metrics";
import { parseStored, RULE_COLUMNS, type RuleRow } from "@/lib/alerts/stored-rule";
import { renderSummary } from "@/lib/alerts/summaries";
import { enqueueNotifications, type NotifiedAlert, type RuleNews } from "@/lib/alerts/enqueue-notifications";
import { env } from "@/lib/env";
import {
  step,
  type Condition,
  type Observation,
  type AlertStateName,
  type InstanceState,
  type TransitionEvent,
} from "@/lib/alerts/state-machine";
import { scopeKey, scopeLabel, type Queryable } from "@/lib/alerts/scopes";

/** pg_advisory_xact_lock key of the alert evaluator ("esal"). */
export const ALERT_EVALUATOR_LOCK = 0x6573616c;

export type Transition = {
  ruleId: string;
  scopeKey: string;
  from: AlertStateName;
  to: AlertStateName;
  event: TransitionEvent;
  value: number | null;
  threshold: number | null;
  summary: string;
};

/** A rule that does not validate has no condition: its error reading goes to the "error" state. */
const INVALID_RULE: Condition = { op: "above", threshold: 0, forMs: 0, noData: "nodata", onError: "error" };

export type Cycle = { rules: number; instances: number; transitions: Transition[] } | { skipped: "locked" };

type InstanceRow = { rule_id: string; scope_key: string; state: AlertStateName; since: Date };

/** `repeatMs`: while a rule fires, its notification is repeated this often (ALERT_REPEAT_INTERVAL). */
export async function evaluateRules(nowMs = Date.now(), o: { repeatMs?: number } = {}): Promise<Cycle> {
  const repeatMs = o.repeatMs ?? env().ALERT_REPEAT_INTERVAL;
  return withTransaction(async (c) => {
    const { rows: lock } = await c.query<{ ok: boolean }>("SELECT pg_try_advisory_xact_lock($1) AS ok", [
      ALERT_EVALUATOR_LOCK,
    ]);
    if (!lock[0]?.ok) return { skipped: "locked" as const };
    return cycle(c, nowMs, repeatMs);
  });
}

async function cycle(
  c: Queryable,
  nowMs: number,
  repeatMs: number,
): Promise<Exclude<Cycle, { skipped: "locked" }>> {
  const { rows } = await c.query<RuleRow>(
    `SELECT ${RULE_COLUMNS} FROM alert_rules WHERE enabled ORDER BY id FOR SHARE`,
  );
  const parsed: ParsedRule[] = [];
  const readings = new Map<string, Reading[]>();
  for (const row of rows) {
    const p = parseStored(row);
    if ("spec" in p) parsed.push({ id: row.id, name: row.name, version: row.version, spec: p.spec });
    else readings.set(row.id, [{ key: "rule", label: row.name, obs: { kind: "error", message: p.problem } }]);
  }
  // A savepoint: a failed read aborts only itself, and the cycle still records the error states.
  let readError: string | null = null;
  await c.query("SAVEPOINT metrics");
  try {
    for (const [id, r] of await readMetrics(c, parsed, nowMs)) readings.set(id, r);
    await c.query("RELEASE SAVEPOINT metrics");
  } catch (err) {
    await c.query("ROLLBACK TO SAVEPOINT metrics");
    // One failing read (a cancelled statement, a timeout) puts every rule's instances in "error".
    readError = err instanceof Error ? err.message : String(err);
  }
  const { rows: current } = await c.query<InstanceRow>(
    "SELECT rule_id, scope_key, state, since FROM alert_instances WHERE rule_id = ANY($1::uuid[])",
    [rows.map((r) => r.id)],
  );
  const known = new Map<string, InstanceState>();
  const keysOf = new Map<string, string[]>();
  for (const i of current) {
    known.set(`${i.rule_id}\0${i.scope_key}`, { state: i.state, sinceMs: i.since.getTime() });
    keysOf.set(i.rule_id, [...(keysOf.get(i.rule_id) ?? []), i.scope_key]);
  }

  const byId = new Map(parsed.map((r) => [r.id, r]));
  const writes: {
    rule: RuleRow;
    key: string;
    s: InstanceState;
    value: number | null;
    error: string | null;
  }[] = [];
  const transitions: Transition[] = [];
  const news: RuleNews[] = [];
  for (const row of rows) {
    const n: RuleNews = { rule: row, alerts: [], fired: false, resolved: false };
    news.push(n);
    const rule = byId.get(row.id);
    const list = [...(readings.get(row.id) ?? [])];
    // Instances this rule had but did not report now: no data for them (or the read's error).
    const missing: Observation =
      readError !== null && rule ? { kind: "error", message: readError } : { kind: "nodata" };
    const reported = new Set(list.map((x) => x.key));
    for (const key of keysOf.get(row.id) ?? [])
      if (!reported.has(key)) list.push({ key, label: key, obs: missing });
    if (list.length === 0 && rule && readError !== null)
      list.push({ key: scopeKey(rule.spec.scope), label: scopeLabel(rule.spec.scope), obs: missing });
    const cond = rule ? conditionOf(rule.spec) : INVALID_RULE;
    for (const reading of list) {
      const prev = known.get(`${row.id}\0${reading.key}`) ?? { state: "normal", sinceMs: nowMs };
      const r = step(prev, reading.obs, cond, nowMs);
      const value = reading.obs.kind === "value" ? reading.obs.value : null;
      const error = reading.obs.kind === "error" ? reading.obs.message : null;
      writes.push({ rule: row, key: reading.key, s: r.next, value, error });
      const alert = (state: NotifiedAlert["state"], summary: string): NotifiedAlert => ({
        scopeKey: reading.key,
        scope: reading.label,
        state,
        value,
        summary,
        since: new Date(r.next.sinceMs).toISOString(),
      });
      if (r.next.state === "firing")
        n.alerts.push(alert("firing", rule ? renderSummary(rule, reading.label, value, "firing") : row.name));
      if (r.event === "firing") n.fired = true;
      if (r.event === "resolved") {
        n.resolved = true;
        n.alerts.push(
          alert("resolved", rule ? renderSummary(rule, reading.label, value, "resolved") : row.name),
        );
      }
      if (r.event)
        transitions.push({
          ruleId: row.id,
          scopeKey: reading.key,
          from: prev.state,
          to: r.next.state,
          event: r.event,
          value,
          threshold: rule ? cond.threshold : null,
          summary:
            rule && error === null
              ? renderSummary(rule, reading.label, value, r.next.state)
              : `${row.name}: ${error ?? "no data"}`,
        });
    }
  }
  await writeInstances(c, writes, nowMs);
  await writeTransitions(c, transitions, rows, nowMs);
  await enqueueNotifications(c, news, nowMs, repeatMs);
  return { rules: rows.length, instances: writes.length, transitions };
}

async function writeInstances(
  c: Queryable,
  w: { rule: RuleRow; key: string; s: InstanceState; value: number | null; error: string | null }[],
  nowMs: number,
): Promise<void> {
  if (w.length === 0) return;
  await c.query(
    `INSERT INTO alert_instances AS a (rule_id, scope_key, state, since, value, error, evaluated_at, rule_version, fired_at, resolved_at)
     SELECT u.rule_id, u.scope_key, u.state, u.since, u.value, u.error, $1, u.version,
            CASE WHEN u.state = 'firing' THEN u.since END, NULL
     FROM unnest($2::uuid[], $3::text[], $4::text[], $5::timestamptz[], $6::float8[], $7::text[], $8::int[])
       AS u(rule_id, scope_key, state, since, value, error, version)
     ON CONFLICT (rule_id, scope_key) DO UPDATE SET
       state = EXCLUDED.state, since = EXCLUDED.since, value = EXCLUDED.value, error = EXCLUDED.error,
       evaluated_at = EXCLUDED.evaluated_at, rule_version = EXCLUDED.rule_version,
       fired_at = CASE WHEN EXCLUDED.state = 'firing' AND a.state <> 'firing' THEN EXCLUDED.since ELSE a.fired_at END,
       resolved_at = CASE WHEN a.state = 'firing' AND EXCLUDED.state <> 'firing' THEN EXCLUDED.evaluated_at ELSE a.resolved_at END`,
    [
      new Date(nowMs),
      w.map((x) => x.rule.id),
      w.map((x) => x.key),
      w.map((x) => x.s.state),
      w.map((x) => new Date(x.s.sinceMs)),
      w.map((x) => x.value),
      w.map((x) => x.error),
      w.map((x) => x.rule.version),
    ],
  );
}

async function writeTransitions(
  c: Queryable,
  t: Transition[],
  rules: RuleRow[],
  nowMs: number,
): Promise<void> {
  if (t.length === 0) return;
  const version = new Map(rules.map((r) => [r.id, r.version]));
  await c.query(
    `INSERT INTO alert_transitions (rule_id, scope_key, from_state, to_state, event, value, threshold, summary, rule_version, at)
     SELECT * , $1::timestamptz FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[],
                                            $8::float8[], $9::text[], $10::int[])`,
    [
      new Date(nowMs),
      t.map((x) => x.ruleId),
      t.map((x) => x.scopeKey),
      t.map((x) => x.from),
      t.map((x) => x.to),
      t.map((x) => x.event),
      t.map((x) => x.value),
      t.map((x) => x.threshold),
      t.map((x) => x.summary),
      t.map((x) => version.get(x.ruleId) ?? 1),
    ],
  );
}
