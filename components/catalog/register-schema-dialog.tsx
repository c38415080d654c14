// Register a schema (catalog:edit): paste a JSON Schema or pick a .json file, or start from the
// current one. The server checks it against the type's compatibility mode; a refusal lists every
// breaking change and keeps the text for another try.
"use client";

import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { ChangeList } from "@/components/catalog/breaking-changes";
import { registerSchema } from "@/components/catalog/catalog-api";
import { MODE_TEXT } from "@/components/catalog/compatibility-text";
import { readTextFile } from "@/components/catalog/read-file";
import { parseSchemaText } from "@/components/catalog/schema-text";
import { useRefreshCatalog } from "@/components/catalog/use-event-type";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/form-error";
import { toast } from "@/components/ui/toaster";
import type { IncompatibleSchema } from "@/lib/catalog/api-types";
import type { CompatibilityMode } from "@/lib/catalog/compatibility";
import type { JsonSchema } from "@/lib/catalog/infer-schema";
import { ApiError } from "@/lib/http/api-client";

const FORM_ID = "register-schema-form";

type Props = {
  name: string;
  mode: CompatibilityMode;
  /** The schema shown on the page, offered as a starting point. */
  current: JsonSchema | null;
  open: boolean;
  onClose: () => void;
};

function refusal(err: unknown): IncompatibleSchema | null {
  if (!(err instanceof ApiError) || err.code !== "incompatible") return null;
  const d = err.details as Partial<IncompatibleSchema> | undefined;
  return {
    mode: d?.mode ?? "BACKWARD",
    breakingChanges: Array.isArray(d?.breakingChanges) ? d.breakingChanges : [],
  };
}

export function RegisterSchemaDialog({ name, mode, current, open, onClose }: Props) {
  const refresh = useRefreshCatalog();
  const [text, setText] = useState("");
  const [inputError, setInputError] = useState<string | null>(null);
  const register = useMutation({
    mutationFn: (schema: JsonSchema) => registerSchema(name, schema),
    onSuccess: async (res) => {
      toast.success(
        res.created
          ? `Registered as version ${res.version}`
          : `Identical to version ${res.version}: nothing new registered`,
      );
      close();
      await refresh();
    },
  });
  const close = () => {
    onClose();
    register.reset();
    setText("");
    setInputError(null);
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseSchemaText(text);
    register.reset(); // a refusal shown for the previous text no longer applies
    if ("error" in parsed) setInputError(parsed.error);
    else {
      setInputError(null);
      register.mutate(parsed.schema);
    }
  };
  const refused = refusal(register.error);
  return (
    <Dialog
      open={open}
      onClose={close}
      title={`Register a schema for ${name}`}
      description={
        <>
          Compatibility mode <span className="font-medium text-fg">{MODE_TEXT[mode].label}</span>:{" "}
          {MODE_TEXT[mode].explain}
        </>
      }
      footer={
        <>
          <Button onClick={close}>Cancel</Button>
          <Button type="submit" form={FORM_ID} variant="primary" busy={register.isPending}>
            Register
          </Button>
        </>
      }
    >
      <form id={FORM_ID} onSubmit={onSubmit} className="flex flex-col gap-3">
        <div className="flex flex-col gap-1.5">
          <div className="flex items-center justify-between gap-2">
            <label htmlFor={`${FORM_ID}-text`} className="text-sm font-medium text-fg">
              JSON Schema
            </label>
            {current && (
              <Button size="sm" variant="ghost" onClick={() => setText(JSON.stringify(current, null, 2))}>
                Start from the current schema
              </Button>
            )}
          </div>
          <textarea
            id={`${FORM_ID}-text`}
            value={text}
            onChange={(e) => setText(e.target.value)}
            rows={14}
            spellCheck={false}
            aria-invalid={inputError ? true : undefined}
            placeholder={'{\n  "type": "object",\n  "properties": { … }\n}'}
            className="w-full resize-y rounded-md border border-line-strong bg-surface-2 p-2 font-mono text-xs text-fg focus:border-accent focus:outline-none focus:ring-2 focus:ring-accent/30 aria-[invalid=true]:border-danger"
          />
        </div>
        <label className="flex flex-col gap-1.5 text-sm font-medium text-fg">
          Or a file
          <input
            type="file"
            accept=".json,application/json,application/schema+json"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (!file) return;
              setInputError(null);
              readTextFile(file).then(setText, (err: unknown) =>
                setInputError(err instanceof Error ? err.message : String(err)),
              );
            }}
            className="text-sm font-normal text-fg-muted file:mr-3 file:rounded-md file:border file:border-line-strong file:bg-surface file:px-3 file:py-1.5 file:text-sm file:text-fg"
          />
        </label>
        {refused ? (
          <div role="alert" className="flex flex-col gap-2 rounded-md bg-danger/10 px-3 py-2">
            <p className="text-sm font-medium text-danger">
              Refused: not {MODE_TEXT[refused.mode].label.toLowerCase()} compatible (
              {refused.breakingChanges.length} breaking{" "}
              {refused.breakingChanges.length === 1 ? "change" : "changes"})
            </p>
            <ChangeList changes={refused.breakingChanges} label="Breaking changes" />
          </div>
        ) : (
          <FormError message={inputError ?? register.error?.message ?? null} />
        )}
      </form>
    </Dialog>
  );
}
