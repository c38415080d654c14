// Rules as a document teams keep in git: export writes every rule in the contract's words (no ids,
// versions or states), import reads such a document (YAML or JSON) back. Import is all or nothing
// in one transaction (with its one audit entry naming what changed): every rule is checked first (refusals name `rules.<i>.<field>`), rules are
// matched by name — new ones created, changed ones replaced (version bumped, state restarted),
// identical ones left alone — and rules missing from the document are kept unless `prune`.
import { z } from "zod";
import { stringify } from "yaml";
import { recordAudit } from "@/lib/audit/record-audit";
import { pool, withTransaction } from "@/lib/db/client";
import { enqueueWithdrawn } from "@/lib/alerts/enqueue-notifications";
import { createRule, replaceRuleIn, type Author } from "@/lib/alerts/manage-rules";
import { ruleInputSchema, type RuleSpec } from "@/lib/alerts/rule-schema";
import { columnsOf, inputOf, parseStored, RULE_COLUMNS, type RuleRow } from "@/lib/alerts/stored-rule";

export const DOCUMENT_KIND = "eventscope/alert-rules";
export const MAX_IMPORT_RULES = 2_000;

export async function exportRulesYaml(): Promise<string> {
  const { rows } = await pool().query<RuleRow>(
    `SELECT ${RULE_COLUMNS} FROM alert_rules ORDER BY lower(name), id`,
  );
  return stringify({ kind: DOCUMENT_KIND, rules: rows.map(inputOf) }, { lineWidth: 0 });
}

export const rulesDocumentSchema = z
  .strictObject({
    kind: z.literal(DOCUMENT_KIND, { error: `must be "${DOCUMENT_KIND}"` }),
    rules: z
      .array(ruleInputSchema, { error: "must be a list of rules" })
      .max(MAX_IMPORT_RULES, `must hold at most ${MAX_IMPORT_RULES} rules`),
  })
  .superRefine((d, ctx) => {
    const seen = new Map<string, number>();
    d.rules.forEach((r, i) => {
      const first = seen.get(r.name);
      if (first !== undefined)
        ctx.addIssue({
          code: "custom",
          path: ["rules", i, "name"],
          message: `is also the name of rules.${first}`,
        });
      else seen.set(r.name, i);
    });
  });

export type ImportResult = { created: string[]; updated: string[]; unchanged: string[]; deleted: string[] };

const same = (a: RuleSpec, b: RuleSpec) => JSON.stringify(columnsOf(a)) === JSON.stringify(columnsOf(b));

export async function importRules(
  doc: z.output<typeof rulesDocumentSchema>,
  by: Author,
  opts: { prune: boolean },
): Promise<ImportResult> {
  const { acting, ...author } = by; // one entry for the import, not one per rule
  return withTransaction(async (c) => {
    const { rows } = await c.query<RuleRow>(`SELECT ${RULE_COLUMNS} FROM alert_rules FOR UPDATE`);
    const byName = new Map(rows.map((r) => [r.name, r]));
    const out: ImportResult = { created: [], updated: [], unchanged: [], deleted: [] };
    for (const spec of doc.rules) {
      const existing = byName.get(spec.name);
      if (!existing) {
        await createRule(spec, author, c);
        out.created.push(spec.name);
        continue;
      }
      const stored = parseStored(existing);
      if ("spec" in stored && same(stored.spec, spec)) out.unchanged.push(spec.name);
      else {
        await replaceRuleIn(c, existing.id, spec);
        out.updated.push(spec.name);
      }
    }
    if (opts.prune) {
      const keep = new Set(doc.rules.map((r) => r.name));
      const gone = rows.filter((r) => !keep.has(r.name));
      for (const r of gone) await enqueueWithdrawn(c, r.id, "the rule was deleted");
      if (gone.length > 0)
        await c.query("DELETE FROM alert_rules WHERE id = ANY($1::uuid[])", [gone.map((r) => r.id)]);
      out.deleted = gone.map((r) => r.name);
    }
    if (acting) {
      const { created, updated, deleted } = out;
      await recordAudit(
        {
          ...acting,
          action: "alert.rules_imported",
          details: { created, updated, deleted, prune: opts.prune },
        },
        c,
      );
    }
    return out;
  });
}
