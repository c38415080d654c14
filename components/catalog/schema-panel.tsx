// The schema: the version live events are checked against by default (newest registered, else
// newest inferred), any other version on request, as a navigable tree or as raw JSON with Copy.
"use client";

import { useId, useState } from "react";
import { FileQuestion } from "lucide-react";
import clsx from "clsx";
import { CopyButton } from "@/components/catalog/copy-button";
import { JsonBlock } from "@/components/catalog/json-block";
import { SchemaTree } from "@/components/catalog/schema-tree";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import type { SchemaVersionView } from "@/lib/catalog/api-types";

type Props = { name: string; current: SchemaVersionView | null; versions: SchemaVersionView[] };

export function SchemaPanel({ name, current, versions }: Props) {
  const titleId = useId();
  const [view, setView] = useState<View>("tree");
  const [chosen, setChosen] = useState<number | null>(null);
  const shown = versions.find((v) => v.version === chosen) ?? current ?? versions.at(-1) ?? null;
  // By number: the current version comes with the type, the list with its versions (two reads).
  const isCurrent = (v: SchemaVersionView) => v.version === current?.version;
  const text = shown ? JSON.stringify(shown.definition, null, 2) : "";
  return (
    <Card as="section" aria-labelledby={titleId}>
      <CardHeader
        id={titleId}
        title="Schema"
        hint={shown ? `${shown.source} v${shown.version}${isCurrent(shown) ? " · current" : ""}` : undefined}
        actions={
          shown && (
            <>
              <ViewToggle view={view} onChange={setView} className="hidden sm:flex" />
              <CopyButton text={text} label="Copy JSON" />
            </>
          )
        }
      />
      {!shown ? (
        <EmptyState icon={FileQuestion} title="No schema yet">
          <p>A schema is inferred from the first events of this type, or registered by your team.</p>
        </EmptyState>
      ) : (
        <div className="flex flex-col gap-3 p-4">
          <div className="flex flex-wrap items-end gap-3">
            {versions.length > 1 && (
              <label className="flex flex-col gap-1 text-xs text-fg-subtle">
                Version
                <select
                  value={shown.version}
                  onChange={(e) => setChosen(Number(e.target.value))}
                  className="h-8 rounded-md border border-line-strong bg-surface px-2 text-sm text-fg"
                >
                  {[...versions].reverse().map((v) => (
                    <option key={v.version} value={v.version}>
                      v{v.version} · {v.source}
                      {isCurrent(v) ? " · current" : ""}
                    </option>
                  ))}
                </select>
              </label>
            )}
            {/* On phones the toggle sits here, beside the version: the header has no room. */}
            <ViewToggle view={view} onChange={setView} className="flex sm:hidden" />
          </div>
          {view === "tree" ? (
            <SchemaTree
              key={`${shown.version}`}
              schema={shown.definition}
              label={`Schema of ${name}, version ${shown.version}`}
            />
          ) : (
            <JsonBlock
              value={shown.definition}
              label={`Schema of ${name}, version ${shown.version}, as JSON`}
              className="max-h-[32rem]"
            />
          )}
        </div>
      )}
    </Card>
  );
}

type View = "tree" | "json";

function ViewToggle({
  view,
  onChange,
  className,
}: {
  view: View;
  onChange: (v: View) => void;
  className: string;
}) {
  return (
    <div
      role="group"
      aria-label="Show the schema as"
      className={clsx("rounded-md border border-line-strong p-0.5", className)}
    >
      {(["tree", "json"] as const).map((v) => (
        <button
          key={v}
          type="button"
          aria-pressed={view === v}
          onClick={() => onChange(v)}
          className={clsx(
            "h-6 rounded px-2 text-xs font-medium",
            view === v ? "bg-accent-soft text-accent" : "text-fg-muted hover:text-fg",
          )}
        >
          {v === "tree" ? "Tree" : "JSON"}
        </button>
      ))}
    </div>
  );
}
