// The rule form's notification details: severity, labels (key/value rows), the summary template
// with a rendered example, the runbook link, what no data and errors count as, and enabled.
"use client";

import { Plus, X } from "lucide-react";
import type { FieldErrors, FormState } from "@/components/alerts/rule-form-model";
import { Button } from "@/components/ui/button";
import { Checkbox, SelectField, TextField } from "@/components/ui/field";
import {
  formatValue,
  renderTemplate,
  templateProblem,
  TEMPLATE_VARIABLES,
} from "@/lib/alerts/summary-template";

type Props = {
  f: FormState;
  errors: FieldErrors;
  set: (patch: Partial<FormState>) => void;
  /** Words for the example summary: the scope as the evaluator says it, and a value to show. */
  scopeWords: string;
  exampleValue: number | null;
};

function Labels({ f, errors, set }: Pick<Props, "f" | "errors" | "set">) {
  const rows = f.labels;
  const put = (i: number, patch: Partial<FormState["labels"][number]>) =>
    set({ labels: rows.map((r, k) => (k === i ? { ...r, ...patch } : r)) });
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="text-sm font-medium text-fg">Labels</legend>
      <p className="text-xs text-fg-subtle">Sent with every notification; silences can match them.</p>
      {errors.labels && (
        <p role="alert" className="text-xs text-danger">
          {errors.labels}
        </p>
      )}
      {rows.map((r, i) => (
        <div key={i} className="grid grid-cols-[minmax(0,1fr)_minmax(0,1fr)_auto] items-start gap-2">
          <TextField
            label={`Label ${i + 1} name`}
            value={r.key}
            onChange={(e) => put(i, { key: e.target.value })}
            error={errors[`labelRows.${i}.key`]}
            autoComplete="off"
          />
          <TextField
            label={`Label ${i + 1} value`}
            value={r.value}
            onChange={(e) => put(i, { value: e.target.value })}
            error={errors[`labelRows.${i}.value`]}
            autoComplete="off"
          />
          <Button
            variant="ghost"
            className="mt-6"
            aria-label={`Remove label ${i + 1}`}
            icon={<X className="size-4" aria-hidden />}
            onClick={() => set({ labels: rows.filter((_, k) => k !== i) })}
          />
        </div>
      ))}
      <Button
        size="sm"
        className="w-fit"
        icon={<Plus className="size-3.5" aria-hidden />}
        onClick={() => set({ labels: [...rows, { key: "", value: "" }] })}
        disabled={rows.length >= 30}
      >
        Add label
      </Button>
    </fieldset>
  );
}

export function RuleFormDetails({ f, errors, set, scopeWords, exampleValue }: Props) {
  const problem = f.summary ? templateProblem(f.summary) : null;
  const labels = Object.fromEntries(f.labels.map((l) => [l.key.trim(), l.value]));
  const example =
    f.summary && !problem
      ? renderTemplate(f.summary, {
          value: formatValue(exampleValue),
          threshold: f.threshold.trim() || "—",
          scope: scopeWords,
          rule: f.name || "this rule",
          severity: f.severity,
          state: "firing",
          labels,
        })
      : null;
  return (
    <fieldset className="flex flex-col gap-3">
      <legend className="mb-2 text-sm font-semibold text-fg">Notification</legend>
      <SelectField
        label="Severity"
        value={f.severity}
        onChange={(e) => set({ severity: e.target.value as FormState["severity"] })}
        error={errors.severity}
      >
        <option value="critical">Critical</option>
        <option value="warning">Warning</option>
        <option value="info">Info</option>
      </SelectField>
      <Labels f={f} errors={errors} set={set} />
      <TextField
        label="Summary"
        value={f.summary}
        onChange={(e) => set({ summary: e.target.value })}
        error={errors.summary ?? problem}
        placeholder="p99 {{value}} ms on {{scope}}"
        hint={
          example ? (
            <>
              Example: <span className="text-fg-muted">{example}</span>
            </>
          ) : (
            `Optional. Variables: ${TEMPLATE_VARIABLES.map((v) => `{{${v}}}`).join(" ")} {{labels.<name>}}`
          )
        }
      />
      <TextField
        label="Runbook link"
        type="url"
        inputMode="url"
        value={f.runbookUrl}
        onChange={(e) => set({ runbookUrl: e.target.value })}
        error={errors.runbookUrl}
        placeholder="https://wiki.example.com/runbooks/…"
        hint="Optional: where whoever is paged should start."
      />
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField
          label="When there is no data"
          value={f.noData}
          onChange={(e) => set({ noData: e.target.value as FormState["noData"] })}
          error={errors.noData}
        >
          <option value="nodata">Show “No data”</option>
          <option value="ok">Treat as normal</option>
          <option value="alerting">Treat as alerting</option>
          <option value="keep_last">Keep the last state</option>
        </SelectField>
        <SelectField
          label="When it cannot be evaluated"
          value={f.onError}
          onChange={(e) => set({ onError: e.target.value as FormState["onError"] })}
          error={errors.onError}
        >
          <option value="error">Show “Error”</option>
          <option value="ok">Treat as normal</option>
          <option value="alerting">Treat as alerting</option>
          <option value="keep_last">Keep the last state</option>
        </SelectField>
      </div>
      <Checkbox
        label="Enabled"
        checked={f.enabled}
        onChange={(e) => set({ enabled: e.target.checked })}
        hint="A disabled rule keeps its history but is not evaluated."
      />
    </fieldset>
  );
}
