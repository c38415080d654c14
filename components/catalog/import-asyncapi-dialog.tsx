// Import AsyncAPI (catalog:edit): paste a 2.x/3.x document or pick a .yaml/.json file; each message
// it defines is registered on its own, and the result lists what was registered and what was
// refused, with the reason and every breaking change.
"use client";

import { useState, type FormEvent } from "react";
import Link from "next/link";
import { CheckCircle2, CircleX } from "lucide-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ChangeList } from "@/components/catalog/breaking-changes";
import { CodeWords } from "@/components/catalog/code-words";
import { catalogKeys, importAsyncApi, typeHref } from "@/components/catalog/catalog-api";
import { readTextFile } from "@/components/catalog/read-file";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/form-error";
import type { AsyncApiImportResult } from "@/lib/catalog/api-types";

const FORM_ID = "import-asyncapi-form";

export function ImportAsyncApiDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [text, setText] = useState("");
  const [fileError, setFileError] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: (doc: string) => importAsyncApi(doc),
    onSettled: () => queryClient.invalidateQueries({ queryKey: catalogKeys.all }),
  });
  const close = () => {
    onClose();
    run.reset();
    setText("");
    setFileError(null);
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim()) run.mutate(text);
    else setFileError("Paste a document or choose a file first.");
  };
  const result = run.data;
  return (
    <Dialog
      open={open}
      onClose={close}
      title={result ? "AsyncAPI imported" : "Import AsyncAPI"}
      description={
        result
          ? undefined
          : "An AsyncAPI 2.x or 3.x document, YAML or JSON. Each message's payload is registered as a schema for the event type of its name, checked against that type's compatibility mode."
      }
      footer={
        result ? (
          <>
            <Button onClick={() => run.reset()}>Import another</Button>
            <Button variant="primary" onClick={close}>
              Done
            </Button>
          </>
        ) : (
          <>
            <Button onClick={close}>Cancel</Button>
            <Button type="submit" form={FORM_ID} variant="primary" busy={run.isPending}>
              Import
            </Button>
          </>
        )
      }
    >
      {result ? (
        <ImportResult result={result} onOpen={close} />
      ) : (
        <form id={FORM_ID} onSubmit={onSubmit} className="flex flex-col gap-3">
          <label className="flex flex-col gap-1.5 text-sm font-medium text-fg">
            Document
            <textarea
              value={text}
              onChange={(e) => setText(e.target.value)}
              rows={12}
              spellCheck={false}
              placeholder={"asyncapi: 3.0.0\ninfo:\n  title: Shop\n  version: 1.0.0\n…"}
              className="w-full resize-y rounded-md border border-line-strong bg-surface-2 p-2 font-mono text-xs font-normal text-fg focus:border-accent focus:outline-none focus:ring-2 focus:ring-accent/30"
            />
          </label>
          <label className="flex flex-col gap-1.5 text-sm font-medium text-fg">
            Or a file
            <input
              type="file"
              accept=".yaml,.yml,.json,application/json,application/yaml,text/yaml"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (!file) return;
                setFileError(null);
                readTextFile(file).then(setText, (err: unknown) =>
                  setFileError(err instanceof Error ? err.message : String(err)),
                );
              }}
              className="text-sm font-normal text-fg-muted file:mr-3 file:rounded-md file:border file:border-line-strong file:bg-surface file:px-3 file:py-1.5 file:text-sm file:text-fg"
            />
          </label>
          <FormError message={fileError ?? run.error?.message ?? null} />
        </form>
      )}
    </Dialog>
  );
}

function ImportResult({ result, onOpen }: { result: AsyncApiImportResult; onOpen: () => void }) {
  return (
    <div className="flex max-h-[60vh] flex-col gap-4 overflow-y-auto">
      <p className="text-sm text-fg-muted">
        {result.registered.length} registered · {result.refused.length} refused
      </p>
      {result.registered.length > 0 && (
        <ul aria-label="Registered" className="flex flex-col gap-1">
          {result.registered.map((r) => (
            <li key={r.name} className="flex items-center gap-2 text-sm">
              <CheckCircle2 className="size-4 shrink-0 text-ok" aria-hidden />
              <Link
                href={typeHref(r.name)}
                onClick={onOpen}
                className="truncate font-medium text-fg hover:text-accent"
              >
                {r.name}
              </Link>
              <span className="shrink-0 text-xs text-fg-subtle">
                {r.created ? `version ${r.version}` : `unchanged (version ${r.version})`}
              </span>
            </li>
          ))}
        </ul>
      )}
      {result.refused.length > 0 && (
        <ul aria-label="Refused" className="flex flex-col gap-3">
          {result.refused.map((r) => (
            <li key={r.name} className="flex flex-col gap-1">
              <span className="flex items-center gap-2 text-sm">
                <CircleX className="size-4 shrink-0 text-danger" aria-hidden />
                <span className="truncate font-medium text-fg">{r.name}</span>
              </span>
              <p className="pl-6 text-sm text-fg-muted">
                {/* With the changes listed below, the reason's head says enough ("… refuses this schema"). */}
                <CodeWords text={r.breakingChanges?.length ? r.reason.split(":")[0]! : r.reason} />
              </p>
              {r.breakingChanges && r.breakingChanges.length > 0 && (
                <div className="pl-6">
                  <ChangeList changes={r.breakingChanges} label={`Breaking changes of ${r.name}`} />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
