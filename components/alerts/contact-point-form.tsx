// Create or edit a contact point: name, kind, the kind's fields (CONTACT_POINT_KINDS) and whether it
// is enabled. Credentials (a URL, a signing secret) are write-only: on edit they start empty and an
// empty one keeps what is stored; a secret can be removed. The server's field errors show in place.
"use client";

import { useId, useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  CONTACT_POINT_KINDS,
  contactPointKeys,
  saveContactPoint,
  splitList,
  type ContactPoint,
  type ContactPointBody,
  type ContactPointCaps,
} from "@/components/alerts/contact-points-api";
import { fieldErrors, formMessage } from "@/components/dlq/field-errors";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Checkbox, SelectField, TextField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { toast } from "@/components/ui/toaster";

const KINDS = Object.keys(CONTACT_POINT_KINDS);

/** The stored values of a contact point's non-secret fields (email's recipients), to edit from. */
function initialValues(editing: ContactPoint | null): Record<string, string> {
  if (!editing) return {};
  const fields = CONTACT_POINT_KINDS[editing.kind]?.fields ?? [];
  return Object.fromEntries(fields.flatMap((f) => (f.initial ? [[f.name, f.initial(editing)]] : [])));
}

export function ContactPointDialog({
  editing,
  caps,
  onClose,
}: {
  editing: ContactPoint | null;
  caps: ContactPointCaps;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(editing?.name ?? "");
  const [kind, setKind] = useState(editing?.kind ?? KINDS[0] ?? "webhook");
  const [values, setValues] = useState<Record<string, string>>(() => initialValues(editing));
  const [remove, setRemove] = useState<Record<string, boolean>>({});
  const [enabled, setEnabled] = useState(editing?.enabled ?? true);
  const [local, setLocal] = useState<Record<string, string>>({});
  const spec = CONTACT_POINT_KINDS[kind];
  // A kind the server cannot send (email without SMTP) is shown but not offered, except the one
  // being edited (so its form still opens).
  const offered = (k: string) => CONTACT_POINT_KINDS[k]?.needs?.available(caps) ?? true;
  const unavailable = !offered(kind) ? (spec?.needs?.missing ?? null) : null;
  // Stored credentials belong to the kind they were set for.
  const stored = (f: { secret?: { isSet: (cp: ContactPoint) => boolean } }) =>
    editing !== null && editing.kind === kind && (f.secret?.isSet(editing) ?? false);

  const save = useMutation({
    mutationFn: (body: ContactPointBody) => saveContactPoint(editing?.id ?? null, body),
    onSuccess: (cp) => {
      toast.success(editing ? `Saved “${cp.name}”` : `Added “${cp.name}”`);
      void queryClient.invalidateQueries({ queryKey: contactPointKeys.all });
      onClose();
    },
  });
  const server = fieldErrors(save.error);
  // A list's item errors ("to.1": "must be an email address") show under the list's field.
  const errorOf = (path: string) => {
    const item = Object.keys(server).find((p) => p.startsWith(`${path}.`));
    return local[path] ?? server[path] ?? (item ? `${server[item]} (${item})` : null);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!name.trim()) errs.name = "Give it a name people recognise (#ops-alerts, PagerDuty…).";
    const body: ContactPointBody = { name: name.trim(), kind, enabled };
    for (const f of spec?.fields ?? []) {
      const v = (values[f.name] ?? "").trim();
      if (remove[f.name]) body[f.name] = null;
      else if (v) body[f.name] = f.list ? splitList(v) : v;
      else if (f.required && !stored(f)) errs[f.name] = `${f.label} is needed.`;
    }
    setLocal(errs);
    if (Object.keys(errs).length === 0) save.mutate(body);
  };

  const formId = useId();
  return (
    <Dialog
      open
      onClose={onClose}
      title={editing ? `Edit “${editing.name}”` : "New contact point"}
      description="Where alert notifications go: on firing, on resolved, and repeated while firing."
      footer={
        <>
          <Button onClick={onClose} disabled={save.isPending}>
            Cancel
          </Button>
          <Button type="submit" form={formId} variant="primary" busy={save.isPending}>
            {editing ? "Save" : "Add contact point"}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} noValidate className="flex flex-col gap-4">
        <TextField
          label="Name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errorOf("name")}
          maxLength={200}
        />
        <SelectField
          label="Kind"
          value={kind}
          onChange={(e) => setKind(e.target.value)}
          error={errorOf("kind") ?? unavailable}
          hint={spec?.explain}
        >
          {KINDS.map((k) => (
            <option key={k} value={k} disabled={!offered(k) && k !== editing?.kind}>
              {CONTACT_POINT_KINDS[k]?.label}
              {offered(k) ? "" : " (not configured)"}
            </option>
          ))}
        </SelectField>
        {spec?.fields.map((f) => {
          const isSet = stored(f);
          return (
            <div key={`${kind}.${f.name}`} className="flex flex-col gap-2">
              <TextField
                label={f.label}
                type={f.type}
                value={values[f.name] ?? ""}
                onChange={(e) => setValues({ ...values, [f.name]: e.target.value })}
                placeholder={isSet ? "set — leave empty to keep it" : f.placeholder}
                hint={isSet ? `${f.hint} Stored and never shown; type a new one to replace it.` : f.hint}
                error={errorOf(f.name)}
                disabled={remove[f.name]}
                autoComplete={f.type === "password" ? "new-password" : "off"}
              />
              {isSet && f.secret?.removeLabel && (
                <Checkbox
                  label={f.secret.removeLabel}
                  checked={remove[f.name] ?? false}
                  onChange={(e) => setRemove({ ...remove, [f.name]: e.target.checked })}
                />
              )}
            </div>
          );
        })}
        <Checkbox
          label="Enabled"
          hint="A disabled contact point keeps its settings but is sent nothing."
          checked={enabled}
          onChange={(e) => setEnabled(e.target.checked)}
        />
        <FormError
          message={formMessage(save.error, ["name", "kind", ...(spec?.fields.map((f) => f.name) ?? [])])}
        />
      </form>
    </Dialog>
  );
}
