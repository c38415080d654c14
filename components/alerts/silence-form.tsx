// "New silence": which alerts (a rule, a scope, label matchers — all given must match), for how long
// (1 h, 4 h, 1 d or a custom end) and why. Opened empty from the Silences page, or prefilled with one
// alert instance by a "Silence" button. The server's field errors show under their fields.
"use client";

import { useId, useState, type FormEvent } from "react";
import { Plus, X } from "lucide-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { alertKeys, fetchRules } from "@/components/alerts/alerts-api";
import {
  createSilence,
  DURATION_PRESETS,
  endsAtFor,
  silenceKeys,
  type DurationChoice,
  type Matcher,
} from "@/components/alerts/silences-api";
import { fieldErrors, formMessage } from "@/components/dlq/field-errors";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { SelectField, TextField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { toast } from "@/components/ui/toaster";

export type SilencePrefill = { ruleId?: string; scopeKey?: string };

const SHOWN = ["ruleId", "scopeKey", "matchers", "endsAt", "comment"] as const;

export function SilenceDialog({ prefill, onClose }: { prefill: SilencePrefill; onClose: () => void }) {
  const queryClient = useQueryClient();
  const rules = useQuery({ queryKey: alertKeys.rules, queryFn: ({ signal }) => fetchRules(signal) });
  const [ruleId, setRuleId] = useState(prefill.ruleId ?? "");
  const [scopeKey, setScopeKey] = useState(prefill.scopeKey ?? "");
  const [matchers, setMatchers] = useState<Matcher[]>([]);
  const [duration, setDuration] = useState<DurationChoice>("1h");
  const [customEnd, setCustomEnd] = useState("");
  const [comment, setComment] = useState("");
  const [local, setLocal] = useState<Record<string, string>>({});

  const save = useMutation({
    mutationFn: createSilence,
    onSuccess: () => {
      toast.success("Silence created", {
        description: "Matching alerts keep their state but send no notification until it ends.",
      });
      void queryClient.invalidateQueries({ queryKey: silenceKeys.all });
      onClose();
    },
  });
  const server = fieldErrors(save.error);
  const errorOf = (path: string) =>
    local[path] ??
    server[path] ??
    Object.entries(server).find(([p]) => p.startsWith(`${path}.`))?.[1] ??
    null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const endsAt = endsAtFor(duration, customEnd, Date.now());
    const errs: Record<string, string> = {};
    if (!endsAt) errs.endsAt = "Choose when the silence ends.";
    else if (Date.parse(endsAt) <= Date.now()) errs.endsAt = "The end must be in the future.";
    if (!comment.trim()) errs.comment = "Say why (maintenance, known incident…): others will read it.";
    setLocal(errs);
    if (Object.keys(errs).length > 0 || !endsAt) return;
    save.mutate({
      ...(ruleId ? { ruleId } : {}),
      ...(scopeKey.trim() ? { scopeKey: scopeKey.trim() } : {}),
      matchers: matchers.map((m) => ({ label: m.label.trim(), value: m.value.trim() })),
      endsAt,
      comment: comment.trim(),
    });
  };

  const formId = useId();
  const ruleKnown = !ruleId || rules.data?.rules.some((r) => r.id === ruleId);
  return (
    <Dialog
      open
      onClose={onClose}
      title="New silence"
      description="Matching alerts keep their state but notify no one while the silence lasts."
      footer={
        <>
          <Button onClick={onClose} disabled={save.isPending}>
            Cancel
          </Button>
          <Button type="submit" form={formId} variant="primary" busy={save.isPending}>
            Create silence
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} noValidate className="flex flex-col gap-4">
        <SelectField
          label="Rule"
          value={ruleId}
          onChange={(e) => setRuleId(e.target.value)}
          error={errorOf("ruleId")}
          hint={rules.isError ? "The rules could not be loaded; any rule is matched." : undefined}
        >
          <option value="">Any rule</option>
          {!ruleKnown && <option value={ruleId}>{ruleId}</option>}
          {rules.data?.rules.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Scope"
          value={scopeKey}
          onChange={(e) => setScopeKey(e.target.value)}
          placeholder="any scope"
          hint="A scope key as the rule page shows it (e.g. type:OrderPlaced); empty for any."
          error={errorOf("scopeKey")}
          className="font-mono"
        />
        <MatcherRows matchers={matchers} onChange={setMatchers} error={errorOf("matchers")} />
        <DurationPicker
          value={duration}
          onChange={setDuration}
          customEnd={customEnd}
          onCustomEnd={setCustomEnd}
          error={errorOf("endsAt")}
        />
        <TextField
          label="Comment"
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          placeholder="Why: maintenance, a known incident…"
          error={errorOf("comment")}
          maxLength={1000}
        />
        <FormError message={formMessage(save.error, SHOWN)} />
      </form>
    </Dialog>
  );
}

function MatcherRows({
  matchers,
  onChange,
  error,
}: {
  matchers: Matcher[];
  onChange: (m: Matcher[]) => void;
  error: string | null;
}) {
  const set = (i: number, m: Partial<Matcher>) =>
    onChange(matchers.map((x, j) => (j === i ? { ...x, ...m } : x)));
  return (
    <fieldset className="flex flex-col gap-2" aria-describedby={error ? "matchers-error" : undefined}>
      <legend className="mb-1.5 text-sm font-medium text-fg">Label matchers</legend>
      {matchers.length === 0 && (
        <p className="text-xs text-fg-subtle">
          None: the rule and scope above decide. A matcher is a rule label equal to a value (alertname is the
          rule&apos;s name).
        </p>
      )}
      {matchers.map((m, i) => (
        <div key={i} className="flex items-end gap-2">
          <div className="flex-1">
            <TextField
              label={`Label ${i + 1}`}
              value={m.label}
              onChange={(e) => set(i, { label: e.target.value })}
              placeholder="team"
              className="font-mono"
            />
          </div>
          <span className="pb-2 text-fg-subtle" aria-hidden>
            =
          </span>
          <div className="flex-1">
            <TextField
              label={`Value ${i + 1}`}
              value={m.value}
              onChange={(e) => set(i, { value: e.target.value })}
              placeholder="orders"
              className="font-mono"
            />
          </div>
          <Button
            variant="ghost"
            aria-label={`Remove matcher ${i + 1}`}
            icon={<X className="size-4" aria-hidden />}
            onClick={() => onChange(matchers.filter((_, j) => j !== i))}
          />
        </div>
      ))}
      <div>
        <Button
          size="sm"
          icon={<Plus className="size-3.5" aria-hidden />}
          onClick={() => onChange([...matchers, { label: "", value: "" }])}
          disabled={matchers.length >= 20}
        >
          Add matcher
        </Button>
      </div>
      {error && (
        <p id="matchers-error" role="alert" className="text-xs text-danger">
          {error}
        </p>
      )}
    </fieldset>
  );
}

function DurationPicker({
  value,
  onChange,
  customEnd,
  onCustomEnd,
  error,
}: {
  value: DurationChoice;
  onChange: (v: DurationChoice) => void;
  customEnd: string;
  onCustomEnd: (v: string) => void;
  error: string | null;
}) {
  const choices: { id: DurationChoice; label: string }[] = [
    ...DURATION_PRESETS,
    { id: "custom", label: "Custom" },
  ];
  return (
    <fieldset className="flex flex-col gap-2">
      <legend className="mb-1.5 text-sm font-medium text-fg">Duration</legend>
      <div className="flex flex-wrap gap-2">
        {choices.map((c) => (
          <label
            key={c.id}
            className="flex h-8 cursor-pointer items-center gap-2 rounded-md border border-line-strong px-3 text-sm text-fg has-checked:border-accent has-checked:bg-accent-soft has-checked:text-accent has-focus-visible:ring-2 has-focus-visible:ring-accent/30"
          >
            <input
              type="radio"
              name="silence-duration"
              value={c.id}
              checked={value === c.id}
              onChange={() => onChange(c.id)}
              className="sr-only"
            />
            {c.label}
          </label>
        ))}
      </div>
      {value === "custom" ? (
        <TextField
          label="Ends at"
          type="datetime-local"
          value={customEnd}
          onChange={(e) => onCustomEnd(e.target.value)}
          error={error}
          hint="Your local time."
        />
      ) : (
        error && (
          <p role="alert" className="text-xs text-danger">
            {error}
          </p>
        )
      )}
    </fieldset>
  );
}
