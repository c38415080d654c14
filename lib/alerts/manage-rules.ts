// Alert rules' write side: create, replace and delete. A rule is checked against the contract
// first (lib/alerts/rule-schema.ts, by the caller); names are unique (409 on a clash, so YAML import
// can match rules by name). A replacement bumps the version and clears the rule's instances: a
// changed scope or threshold starts from normal rather than carrying a state another condition
// earned (the transition history stays); its firing scopes are notified as resolved first, as on
// delete. Each change is recorded in the audit log in its own transaction when the caller says who
// acted (`acting`; tests and the benchmark, which write rules as no one, leave it out).
// (Not "server-only": shared with the evaluator's tests.)
import type pg from "pg";
import type { Acting } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { withTransaction } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { RuleSpec } from "@/lib/alerts/rule-schema";
import { columnsOf, parseStored, RULE_COLUMNS, type RuleRow } from "@/lib/alerts/stored-rule";
import { enqueueWithdrawn } from "@/lib/alerts/enqueue-notifications";

export type Author = { userId: string | null; label: string; acting?: Acting };

/** An enable or a disable is its own entry when nothing else about the rule changed. */
function changeOf(
  before: RuleRow,
  after: RuleSpec,
): "alert.rule_changed" | "alert.rule_enabled" | "alert.rule_disabled" {
  const was = parseStored(before);
  if (!("spec" in was) || was.spec.enabled === after.enabled) return "alert.rule_changed";
  const same =
    JSON.stringify(columnsOf({ ...was.spec, enabled: after.enabled })) === JSON.stringify(columnsOf(after));
  if (!same) return "alert.rule_changed";
  return after.enabled ? "alert.rule_enabled" : "alert.rule_disabled";
}

const WRITABLE = [
  "name",
  "kind",
  "scope",
  "params",
  "window_sec",
  "for_sec",
  "severity",
  "labels",
  "summary",
  "runbook_url",
  "enabled",
  "no_data_policy",
  "error_policy",
] as const;

function values(spec: RuleSpec): unknown[] {
  const c = columnsOf(spec);
  return WRITABLE.map((k) => c[k]);
}

function nameClash(err: unknown, name: string): never {
  if ((err as { code?: string }).code === "23505")
    throw new AppError("conflict", `an alert rule named ${JSON.stringify(name)} already exists`, {
      path: "name",
    });
  throw err;
}

/** Creates a rule; `db`: the caller's transaction (import), else one of its own. */
export async function createRule(spec: RuleSpec, by: Author, db?: pg.PoolClient): Promise<RuleRow> {
  if (!db) return withTransaction((c) => createRule(spec, by, c));
  const v = values(spec);
  const cols = WRITABLE.join(", ");
  const marks = v.map((_, i) => `$${i + 1}`).join(", ");
  try {
    const { rows } = await db.query<RuleRow>(
      `INSERT INTO alert_rules (id, ${cols}, created_by, created_by_label)
       VALUES (gen_random_uuid(), ${marks}, $${v.length + 1}, $${v.length + 2}) RETURNING ${RULE_COLUMNS}`,
      [...v, by.userId, by.label],
    );
    const row = rows[0]!;
    if (by.acting)
      await recordAudit(
        {
          ...by.acting,
          action: "alert.rule_created",
          target: `alert_rule:${row.id}`,
          details: { name: row.name, kind: row.kind },
        },
        db,
      );
    return row;
  } catch (err) {
    nameClash(err, spec.name);
  }
}

/**
 * Replaces a rule; with `expectedVersion`, only if it is still that version (409 otherwise: someone
 * else changed it since it was read).
 */
export async function replaceRule(
  id: string,
  spec: RuleSpec,
  expectedVersion?: number,
  acting?: Acting,
): Promise<RuleRow> {
  return withTransaction((c) => replaceRuleIn(c, id, spec, expectedVersion, acting));
}

/** replaceRule inside the caller's transaction. */
export async function replaceRuleIn(
  c: pg.PoolClient,
  id: string,
  spec: RuleSpec,
  expectedVersion?: number,
  acting?: Acting,
): Promise<RuleRow> {
  const { rows: before } = await c.query<RuleRow>(
    `SELECT ${RULE_COLUMNS} FROM alert_rules WHERE id = $1 FOR UPDATE`,
    [id],
  );
  const v = values(spec);
  const sets = WRITABLE.map((k, i) => `${k} = $${i + 2}`).join(", ");
  let rows: RuleRow[];
  try {
    ({ rows } = await c.query<RuleRow>(
      `UPDATE alert_rules SET ${sets}, version = version + 1, updated_at = now()
       WHERE id = $1 AND ($${v.length + 2}::int IS NULL OR version = $${v.length + 2}) RETURNING ${RULE_COLUMNS}`,
      [id, ...v, expectedVersion ?? null],
    ));
  } catch (err) {
    nameClash(err, spec.name);
  }
  if (rows.length === 0) {
    const { rows: found } = await c.query<{ version: number }>(
      "SELECT version FROM alert_rules WHERE id = $1",
      [id],
    );
    if (found.length === 0) throw new AppError("not_found", `no alert rule with id ${id}`);
    throw new AppError(
      "conflict",
      `the rule was changed meanwhile (now version ${found[0]!.version}, not ${expectedVersion}): reload it and try again`,
    );
  }
  await enqueueWithdrawn(c, id, "the rule was changed; it starts again from normal");
  await c.query("DELETE FROM alert_instances WHERE rule_id = $1", [id]);
  const row = rows[0]!;
  if (acting && before[0])
    await recordAudit(
      {
        ...acting,
        action: changeOf(before[0], spec),
        target: `alert_rule:${id}`,
        details: { name: row.name, version: row.version },
      },
      c,
    );
  return row;
}

export async function deleteRule(id: string, acting?: Acting): Promise<void> {
  await withTransaction(async (c) => {
    await enqueueWithdrawn(c, id, "the rule was deleted");
    const { rows } = await c.query<{ name: string }>("DELETE FROM alert_rules WHERE id = $1 RETURNING name", [
      id,
    ]);
    if (!rows[0]) throw new AppError("not_found", `no alert rule with id ${id}`);
    if (acting)
      await recordAudit(
        {
          ...acting,
          action: "alert.rule_deleted",
          target: `alert_rule:${id}`,
          details: { name: rows[0].name },
        },
        c,
      );
  });
}
