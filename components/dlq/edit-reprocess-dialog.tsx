// "Edit and reprocess" one dead letter: its payload (pretty JSON) and headers in text areas, sent as
// the request's `edit`; the dead letter keeps its original (shown here, folded). The server checks
// the payload against the event type's newest schema: each refusal is shown under the field it
// concerns, in the server's words. One idempotency key per opening; success opens the progress page.
"use client";

import { useId, useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { fieldErrors, formMessage } from "@/components/dlq/field-errors";
import { createReprocess, type ReprocessOptions } from "@/components/dlq/reprocess-api";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/form-error";
import type { DeadLetterDetail } from "@/lib/dead-letters/api-types";

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** The server's errors under `prefix` ("edit.payload"), each with the field it names. */
function errorsUnder(errors: Record<string, string>, prefix: string): string[] {
  return Object.entries(errors)
    .filter(([p]) => p === prefix || p.startsWith(`${prefix}.`))
    .map(([p, m]) => (p === prefix ? m : `${p.slice(prefix.length + 1)}: ${m}`));
}

function JsonArea({
  label,
  value,
  onChange,
  errors,
  rows,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  errors: string[];
  rows: number;
}) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium text-fg">
        {label}
      </label>
      <textarea
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        rows={rows}
        spellCheck={false}
        aria-invalid={errors.length > 0 ? true : undefined}
        aria-describedby={errors.length > 0 ? `${id}-error` : undefined}
        className="w-full resize-y rounded-md border border-line-strong bg-surface-2 p-2 font-mono text-xs text-fg focus:border-accent focus:ring-2 focus:ring-accent/30 focus:outline-none aria-[invalid=true]:border-danger"
      />
      {errors.length > 0 && (
        <ul id={`${id}-error`} role="alert" className="flex flex-col gap-0.5 text-xs text-danger">
          {errors.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The edit to send, or the local reason it cannot be sent, per field. */
function buildEdit(
  d: DeadLetterDetail,
  payload: string,
  headers: string,
): { edit: NonNullable<ReprocessOptions["edit"]> } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const edit: NonNullable<ReprocessOptions["edit"]> = {};
  if (payload !== pretty(d.payload ?? "")) {
    try {
      edit.payload = JSON.parse(payload);
    } catch (e) {
      errors["edit.payload"] = `Not valid JSON: ${(e as Error).message}`;
    }
  }
  if (headers !== JSON.stringify(d.headers ?? {}, null, 2)) {
    try {
      const h: unknown = JSON.parse(headers);
      if (!h || typeof h !== "object" || Array.isArray(h))
        errors["edit.headers"] = "Give a JSON object of headers.";
      else edit.headers = h as Record<string, unknown>;
    } catch (e) {
      errors["edit.headers"] = `Not valid JSON: ${(e as Error).message}`;
    }
  }
  if (Object.keys(errors).length > 0) return { errors };
  if (edit.payload === undefined && edit.headers === undefined)
    return { errors: { edit: "Change the payload or the headers first." } };
  return { edit };
}

export function EditReprocessDialog({ d, onClose }: { d: DeadLetterDetail; onClose: () => void }) {
  const router = useRouter();
  const [key] = useState(() => crypto.randomUUID());
  const [payload, setPayload] = useState(() => pretty(d.payload ?? ""));
  const [headers, setHeaders] = useState(() => JSON.stringify(d.headers ?? {}, null, 2));
  const [local, setLocal] = useState<Record<string, string>>({});
  const submit = useMutation({
    mutationFn: (edit: NonNullable<ReprocessOptions["edit"]>) =>
      createReprocess({ ids: [d.id] }, { edit }, key),
    onSuccess: (r) => router.push(`/dlq/reprocess/${r.requestId}`),
  });
  const errors = { ...fieldErrors(submit.error), ...local };
  const onSubmit = () => {
    const built = buildEdit(d, payload, headers);
    if ("errors" in built) {
      setLocal(built.errors);
      return;
    }
    setLocal({});
    submit.mutate(built.edit);
  };
  return (
    <Dialog
      open
      onClose={onClose}
      title="Edit and reprocess"
      description="The edited message is published instead; the dead letter keeps its original."
      footer={
        <>
          <Button onClick={onClose} disabled={submit.isPending}>
            Cancel
          </Button>
          <Button variant="primary" busy={submit.isPending} disabled={submit.isSuccess} onClick={onSubmit}>
            Reprocess edited
          </Button>
        </>
      }
    >
      <div className="flex max-h-[65vh] flex-col gap-4 overflow-y-auto">
        <JsonArea
          label="Payload"
          value={payload}
          onChange={setPayload}
          errors={errorsUnder(errors, "edit.payload")}
          rows={12}
        />
        <JsonArea
          label="Headers"
          value={headers}
          onChange={setHeaders}
          errors={errorsUnder(errors, "edit.headers")}
          rows={5}
        />
        <details className="text-sm">
          <summary className="cursor-pointer text-fg-muted">Original payload</summary>
          <pre
            aria-label="Original payload"
            className="mt-2 max-h-48 overflow-auto rounded-md bg-surface-2 p-2 font-mono text-xs text-fg"
          >
            {pretty(d.payload ?? "")}
          </pre>
        </details>
        <FormError message={local.edit ?? formMessage(submit.error, ["edit.payload", "edit.headers"])} />
      </div>
    </Dialog>
  );
}
