// Create a personal API token: a name, the scopes (never beyond your own permissions), an expiry.
// The token comes back once; the dialog then shows it with a ready-to-run curl line.
"use client";

import { useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useViewer } from "@/components/auth/viewer-context";
import { TOKEN_KEYS, type TokenJson } from "@/components/settings/tokens/token-queries";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/ui/copy-field";
import { Dialog } from "@/components/ui/dialog";
import { Checkbox, SelectField, TextField } from "@/components/ui/field";
import { ShownOnce } from "@/components/ui/shown-once";
import { toast, toastError } from "@/components/ui/toaster";
import { PERMISSION_TEXT, type Permission } from "@/lib/auth/permissions";
import type { CreateApiTokenInput } from "@/lib/auth/schemas";
import { apiFetch } from "@/lib/http/api-client";

const EXPIRY_DAYS = [7, 30, 90, 365] as const;
const FORM_ID = "create-token-form";

type Created = { token: string; info: TokenJson; origin: string };

export function CreateTokenDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { permissions } = useViewer();
  const queryClient = useQueryClient();
  const [scopes, setScopes] = useState<Permission[]>(["events:read"]);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<Created | null>(null);
  const create = useMutation({
    mutationFn: (input: CreateApiTokenInput) =>
      apiFetch<{ token: string; info: TokenJson }>("/api/v1/tokens", { method: "POST", body: input }),
    onSuccess: async (res) => {
      setCreated({ ...res, origin: window.location.origin });
      toast.success(`Token “${res.info.name}” created`);
      await queryClient.invalidateQueries({ queryKey: TOKEN_KEYS.all });
    },
    onError: (err) => toastError(err, "Could not create the token"),
  });
  const close = () => {
    onClose();
    // Forget the token as soon as the dialog is closed: it must not be shown twice.
    setCreated(null);
    setError(null);
    setScopes(["events:read"]);
    create.reset();
  };
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (scopes.length === 0) return setError("Choose at least one scope.");
    const form = new FormData(e.currentTarget);
    create.mutate({
      name: String(form.get("name") ?? "").trim(),
      scopes: permissions.filter((p) => scopes.includes(p)),
      expiresInDays: Number(form.get("expires")),
    });
  };
  const toggle = (p: Permission, on: boolean) => {
    setError(null);
    setScopes((s) => (on ? [...s, p] : s.filter((x) => x !== p)));
  };
  return (
    <Dialog
      open={open}
      onClose={close}
      title={created ? "Your new API token" : "New API token"}
      description={
        created
          ? undefined
          : "For scripts and integrations. It acts as you, limited to the scopes you choose."
      }
      footer={
        created ? (
          <Button variant="primary" onClick={close}>
            Done
          </Button>
        ) : (
          <>
            <Button onClick={close}>Cancel</Button>
            <Button type="submit" form={FORM_ID} variant="primary" busy={create.isPending}>
              Create token
            </Button>
          </>
        )
      }
    >
      {created ? (
        <ShownOnce
          label="Token"
          value={created.token}
          note="Copy it now: you will not see it again. If you lose it, revoke it and create a new one."
        >
          <CopyField
            label="Try it"
            value={`curl -H "Authorization: Bearer ${created.token}" ${created.origin}/api/v1/overview`}
          />
        </ShownOnce>
      ) : (
        <form id={FORM_ID} className="flex flex-col gap-4" onSubmit={onSubmit}>
          <TextField label="Name" name="name" required maxLength={100} placeholder="e.g. grafana-export" />
          <fieldset
            className="flex flex-col gap-2"
            aria-describedby={error ? "token-scope-error" : undefined}
          >
            <legend className="mb-1.5 text-sm font-medium text-fg">Scopes</legend>
            <div className="flex max-h-64 flex-col gap-2 overflow-y-auto rounded-md border border-line p-3">
              {permissions.map((p) => (
                <Checkbox
                  key={p}
                  name="scopes"
                  value={p}
                  checked={scopes.includes(p)}
                  onChange={(e) => toggle(p, e.currentTarget.checked)}
                  label={
                    <>
                      {PERMISSION_TEXT[p].label} <code className="font-mono text-xs text-fg-subtle">{p}</code>
                    </>
                  }
                  hint={PERMISSION_TEXT[p].explain}
                />
              ))}
            </div>
            {error && (
              <p id="token-scope-error" role="alert" className="text-xs text-danger">
                {error}
              </p>
            )}
          </fieldset>
          <SelectField label="Expires after" name="expires" defaultValue="30">
            {EXPIRY_DAYS.map((d) => (
              <option key={d} value={d}>
                {d === 365 ? "1 year" : `${d} days`}
              </option>
            ))}
          </SelectField>
        </form>
      )}
    </Dialog>
  );
}
