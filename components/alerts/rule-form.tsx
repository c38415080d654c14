// The alert rule form (create at /alerts/new, edit at /alerts/:id/edit) beside its live preview.
// The client hints at what it can see before sending; the server's refusals come back per field
// (aria-invalid, aria-describedby, focus on the first). An edit is sent with If-Match: the version
// it was opened at, so a change someone else saved meanwhile is not overwritten silently — the
// form then offers to load theirs or to save over it knowingly.
"use client";

import { useEffect, useRef, useState, type FormEvent } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  alertKeys,
  createRule,
  fetchRule,
  replaceRule,
  type AlertRule,
} from "@/components/alerts/alerts-api";
import { RuleConflict } from "@/components/alerts/rule-conflict";
import { RuleFormCondition } from "@/components/alerts/rule-form-condition";
import { RuleFormDetails } from "@/components/alerts/rule-form-details";
import {
  bodyOf,
  clientProblems,
  EMPTY_FORM,
  formOf,
  SCOPES_OF,
  serverErrors,
  unitOfForm,
  type FieldErrors,
  type FormState,
} from "@/components/alerts/rule-form-model";
import { RuleFormScope } from "@/components/alerts/rule-form-scope";
import { RulePreview } from "@/components/alerts/rule-preview";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { toast, toastError } from "@/components/ui/toaster";
import type { Scope } from "@/lib/alerts/rule-schema";
import { scopeLabel } from "@/lib/alerts/scopes";
import { ApiError } from "@/lib/http/api-client";

/** Which error paths a field's edit makes stale. */
const PATHS: Partial<Record<keyof FormState, string[]>> = {
  kind: ["kind", "params", "scope"],
  scopeKind: ["scope"],
  type: ["scope.type"],
  broker: ["scope.broker"],
  channel: ["scope.channel"],
  service: ["scope.service", "scope.direction"],
  direction: ["scope.direction", "params.hop", "params.edge"],
  threshold: ["params.threshold", "params.resolveThreshold"],
  resolveThreshold: ["params.resolveThreshold"],
  hop: ["params.hop"],
  labels: ["labels", "labelRows"],
};

/** Problems that keep the preview from being drawn (the rest do not change the metric). */
const PREVIEW_IGNORES = /^(name|labelRows|runbookUrl|summary)/;

const PROBLEM_WORDS: Record<string, string> = {
  "params.threshold": "the threshold",
  "params.resolveThreshold": "the resolve threshold",
  window: "the window",
  for: "the for-duration",
  "scope.type": "the event type",
  "scope.broker": "the broker",
  "scope.channel": "the channel",
  "scope.service": "the service",
};

function withoutStale(errors: FieldErrors, patch: Partial<FormState>): FieldErrors {
  const stale = Object.keys(patch).flatMap((k) => PATHS[k as keyof FormState] ?? [k]);
  return Object.fromEntries(Object.entries(errors).filter(([p]) => !stale.some((s) => p.startsWith(s))));
}

export function RuleForm({ rule }: { rule?: AlertRule }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const [f, setF] = useState<FormState>(() => (rule ? formOf(rule) : EMPTY_FORM));
  const [version, setVersion] = useState(rule?.version);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [conflict, setConflict] = useState<string | null>(null);
  const [tries, setTries] = useState(0);

  // After a refused submit: focus the first field in error (errors render on the next paint).
  useEffect(() => {
    if (tries > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [tries]);

  const set = (patch: Partial<FormState>) => {
    setF((prev) => {
      const next = { ...prev, ...patch };
      if (patch.kind && !SCOPES_OF[patch.kind].includes(next.scopeKind))
        next.scopeKind = SCOPES_OF[patch.kind][0]!;
      return next;
    });
    setErrors((e) => withoutStale(e, patch));
  };

  const save = useMutation({
    mutationFn: (o: { body: unknown; version?: number }) =>
      rule ? replaceRule(rule.id, o.version ?? rule.version, o.body) : createRule(o.body),
    onSuccess: (saved) => {
      toast.success(rule ? `Saved “${saved.name}”` : `Created “${saved.name}”`, {
        description: "The evaluator starts it from normal on its next cycle.",
      });
      queryClient.setQueryData(alertKeys.rule(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: alertKeys.all });
      router.push(`/alerts/${saved.id}`);
    },
    onError: (err) => {
      if (!(err instanceof ApiError)) return;
      const field = (err.details as { path?: unknown } | undefined)?.path;
      if (err.status === 409 && typeof field === "string") setErrors({ [field]: err.message });
      else if (err.status === 409 && rule) setConflict(err.message);
      else if (err.status === 400) setErrors(serverErrors(err.details, f));
      setTries((n) => n + 1);
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems = clientProblems(f);
    setErrors(problems);
    setTries((n) => n + 1);
    if (Object.keys(problems).length === 0) save.mutate({ body: bodyOf(f), version });
  };

  /** Their version: discard the edits and load it, or keep the edits and save them over it. */
  const resolveConflict = async (how: "theirs" | "mine") => {
    if (!rule) return;
    let latest: AlertRule;
    try {
      latest = await fetchRule(rule.id, new AbortController().signal);
    } catch (err) {
      toastError(err, "The rule could not be reloaded");
      return;
    }
    queryClient.setQueryData(alertKeys.rule(rule.id), latest);
    setConflict(null);
    setVersion(latest.version);
    if (how === "theirs") {
      setF(formOf(latest));
      setErrors({});
    } else save.mutate({ body: bodyOf(f), version: latest.version });
  };

  const blocking = Object.entries(clientProblems(f)).filter(([p]) => !PREVIEW_IGNORES.test(p));
  const previewBody = blocking.length
    ? null
    : { ...bodyOf({ ...f, labels: [], summary: "", runbookUrl: "" }), name: f.name.trim() || "preview" };
  const needs = blocking[0]
    ? `Fill in ${PROBLEM_WORDS[blocking[0][0]] ?? blocking[0][0]} (${blocking[0][1]}) to see how the rule would have behaved.`
    : "";
  const formError =
    errors.form ??
    (save.error && !(save.error instanceof ApiError && [400, 409].includes(save.error.status))
      ? save.error.message
      : null);
  const fieldCount = Object.keys(errors).filter((k) => k !== "form").length;

  return (
    <div className="grid items-start gap-4 lg:grid-cols-[minmax(0,5fr)_minmax(0,6fr)]">
      <Card as="section" aria-labelledby="rule-form-title">
        <form ref={formRef} noValidate onSubmit={submit} className="flex flex-col gap-6 p-4">
          <h2 id="rule-form-title" className="text-base font-semibold text-fg">
            {rule ? `Edit “${rule.name}”` : "New alert rule"}
          </h2>
          {conflict && <RuleConflict message={conflict} busy={save.isPending} onResolve={resolveConflict} />}
          <TextField
            label="Name"
            value={f.name}
            onChange={(e) => set({ name: e.target.value })}
            error={errors.name}
            hint="Unique; YAML import matches rules by it."
            required
            autoFocus={!rule}
          />
          <RuleFormCondition f={f} errors={errors} set={set} />
          <RuleFormScope f={f} errors={errors} set={set} />
          <RuleFormDetails
            f={f}
            errors={errors}
            set={set}
            scopeWords={scopeLabel(bodyOf(f).scope as Scope)}
            exampleValue={
              Number.isFinite(Number(f.threshold)) && f.threshold.trim() ? Number(f.threshold) : null
            }
          />
          {fieldCount > 0 && (
            <p role="status" className="text-sm text-danger">
              {fieldCount === 1 ? "One field needs" : `${fieldCount} fields need`} attention before the rule
              can be saved.
            </p>
          )}
          <FormError message={formError} />
          <div className="flex flex-wrap items-center gap-2">
            <Button type="submit" variant="primary" busy={save.isPending}>
              {rule ? "Save changes" : "Create rule"}
            </Button>
            <Link
              href={rule ? `/alerts/${rule.id}` : "/alerts"}
              className="inline-flex h-9 items-center rounded-md px-3.5 text-sm font-medium text-fg-muted hover:bg-surface-2 hover:text-fg"
            >
              Cancel
            </Link>
          </div>
        </form>
      </Card>
      <div className="lg:sticky lg:top-4">
        <RulePreview body={previewBody} needs={needs} unit={unitOfForm(f)} />
      </div>
    </div>
  );
}
