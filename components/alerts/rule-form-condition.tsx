// The rule form's condition: the kind of check and its own options, the threshold and optional
// resolve threshold (hysteresis) in the kind's unit, the window and the for-duration.
"use client";

import { hasThreshold, durationHint, unitOfForm, FORM_KINDS } from "@/components/alerts/rule-form-model";
import type { FieldErrors, FormState } from "@/components/alerts/rule-form-model";
import { KIND_LABEL } from "@/components/alerts/rule-words";
import { SelectField, TextField } from "@/components/ui/field";

type Props = { f: FormState; errors: FieldErrors; set: (patch: Partial<FormState>) => void };

const KIND_HINT: Record<FormState["kind"], string> = {
  latency:
    "A latency percentile above a threshold: end to end (publish → ack), delivery (publish → deliver), processing (deliver → ack) or to the broker (publish → seen, on produce edges).",
  error_rate: "Failed deliveries, or dead letters per published event, above a share.",
  dlq_depth: "Dead letters waiting above a count, or arriving faster than a rate.",
  throughput: "Fewer events per minute than expected, or none at all in the window.",
  consumer_lag: "Messages a consumer has yet to take, as its broker reports them.",
  schema: "Schema violations seen in the window, or event types drifting from their schema.",
  collector_down: "A collector not heard from for longer than the window.",
};

function Options<T extends string>({ options }: { options: Record<T, string> }) {
  return (
    <>
      {(Object.entries(options) as [T, string][]).map(([v, label]) => (
        <option key={v} value={v}>
          {label}
        </option>
      ))}
    </>
  );
}

export function RuleFormCondition({ f, errors, set }: Props) {
  const unit = unitOfForm(f).trim();
  const below = f.kind === "throughput";
  const select = <K extends keyof FormState>(
    k: K,
    label: string,
    options: Record<string, string>,
    path: string,
  ) => (
    <SelectField
      label={label}
      value={f[k] as string}
      onChange={(e) => set({ [k]: e.target.value } as Partial<FormState>)}
      error={errors[path]}
    >
      <Options options={options} />
    </SelectField>
  );
  const windowHint =
    f.kind === "collector_down"
      ? "Silent longer than this fires (this is the threshold)."
      : `Values are read over this much time${durationHint(f.window) ? ` (${durationHint(f.window)})` : ""}; whole minutes.`;
  return (
    <fieldset className="flex flex-col gap-3">
      <legend className="mb-2 text-sm font-semibold text-fg">Condition</legend>
      <SelectField
        label="Kind"
        value={f.kind}
        onChange={(e) => set({ kind: e.target.value as FormState["kind"] })}
        hint={KIND_HINT[f.kind]}
        error={errors.kind}
      >
        {FORM_KINDS.map((k) => (
          <option key={k} value={k}>
            {KIND_LABEL[k]}
          </option>
        ))}
      </SelectField>
      <div className="grid gap-3 sm:grid-cols-2">
        {f.kind === "latency" &&
          select("percentile", "Percentile", { p50: "p50", p95: "p95", p99: "p99" }, "params.percentile")}
        {f.kind === "latency" &&
          select(
            "hop",
            "Hop",
            {
              e2e: "End to end",
              deliver: "Delivery",
              process: "Processing",
              broker: "To the broker",
            },
            "params.hop",
          )}
        {f.kind === "error_rate" &&
          select(
            "source",
            "Counts",
            { errors: "Failed deliveries", dead_letters: "Dead letters per published event" },
            "params.source",
          )}
        {f.kind === "dlq_depth" &&
          select(
            "dlqCondition",
            "Condition",
            { above: "Waiting above", growing: "Growing faster than (per min)" },
            "params.condition",
          )}
        {f.kind === "throughput" &&
          select(
            "throughputCondition",
            "Condition",
            { below: "Below a rate", absent: "No events at all in the window" },
            "params.condition",
          )}
        {f.kind === "throughput" &&
          f.scopeKind !== "edge" &&
          select("throughputEdge", "Events", { produce: "Published", consume: "Consumed" }, "params.edge")}
        {f.kind === "schema" &&
          select(
            "signal",
            "Signal",
            { violations: "Violations seen", drift: "Types drifting" },
            "params.signal",
          )}
      </div>
      {hasThreshold(f) && (
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField
            label={`Threshold${unit ? ` (${unit})` : ""}`}
            inputMode="decimal"
            value={f.threshold}
            onChange={(e) => set({ threshold: e.target.value })}
            error={errors["params.threshold"]}
            hint={below ? "Fires when the value is below it." : "Fires when the value is above it."}
            required
          />
          <TextField
            label={`Resolve threshold${unit ? ` (${unit})` : ""}`}
            inputMode="decimal"
            value={f.resolveThreshold}
            onChange={(e) => set({ resolveThreshold: e.target.value })}
            error={errors["params.resolveThreshold"]}
            hint={
              below
                ? "Optional: a firing rule resolves only at or above it (at least the threshold)."
                : "Optional: a firing rule resolves only at or below it (at most the threshold)."
            }
          />
        </div>
      )}
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          label="Window"
          value={f.window}
          onChange={(e) => set({ window: e.target.value })}
          error={errors.window}
          hint={windowHint}
          required
        />
        <TextField
          label="For"
          value={f.for}
          onChange={(e) => set({ for: e.target.value })}
          error={errors.for}
          hint={`Pending this long before firing${durationHint(f.for) ? ` (${durationHint(f.for)})` : ""}; 0 fires at once.`}
        />
      </div>
    </fieldset>
  );
}
