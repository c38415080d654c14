// Every schema version, oldest at the bottom: number, source, first seen, producers, and the
// compatibility verdict against the version(s) before it with each breaking change in words; then
// the side-by-side diff of any two (a row's Compare picks it and the one before).
"use client";

import { useId, useRef, useState } from "react";
import { History } from "lucide-react";
import { ChangeList } from "@/components/catalog/breaking-changes";
import { CompatibilityControl } from "@/components/catalog/compatibility-control";
import { MODE_TEXT } from "@/components/catalog/compatibility-text";
import { VersionDiff } from "@/components/catalog/version-diff";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import type { SchemaVersionList, SchemaVersionView } from "@/lib/catalog/api-types";

export function VersionHistory({ list }: { list: SchemaVersionList }) {
  const titleId = useId();
  const diffRef = useRef<HTMLDivElement>(null);
  const versions = list.versions;
  const newest = versions.at(-1)?.version ?? 0;
  const previous = versions.at(-2)?.version ?? newest;
  const [pair, setPair] = useState<{ from: number; to: number } | null>(null);
  const { from, to } = pair ?? { from: previous, to: newest };
  const compare = (v: SchemaVersionView) => {
    const i = versions.indexOf(v);
    setPair({ from: versions[i - 1]?.version ?? v.version, to: v.version });
    diffRef.current?.scrollIntoView({ behavior: "smooth", block: "start" });
  };
  return (
    <Card as="section" aria-labelledby={titleId}>
      <CardHeader
        id={titleId}
        title="Versions"
        hint={`${versions.length} in total`}
        actions={<CompatibilityControl name={list.name} mode={list.compatibility} />}
      />
      {versions.length === 0 ? (
        <EmptyState icon={History} title="No version yet">
          <p>Versions are recorded when the inferred schema changes and when a team registers one.</p>
        </EmptyState>
      ) : (
        <>
          {/* relative: the sr-only "Compare" header is positioned absolutely and would widen the page. */}
          <div className="relative overflow-x-auto">
            <table aria-label="Schema versions" className="w-full min-w-[760px] table-fixed text-sm">
              <colgroup>
                <col className="w-20" />
                <col className="w-28" />
                <col className="w-44" />
                <col className="w-[18%]" />
                <col />
                <col className="w-28" />
              </colgroup>
              <thead className="text-left text-xs text-fg-subtle">
                <tr className="h-8">
                  {["Version", "Source", "First seen", "Producers", "Compatibility"].map((c) => (
                    <th key={c} scope="col" className="px-4 font-medium">
                      {c}
                    </th>
                  ))}
                  <th scope="col" className="px-4">
                    <span className="sr-only">Compare</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {[...versions].reverse().map((v, i, all) => (
                  <tr key={v.version} className="border-t border-line align-top" data-version={v.version}>
                    <td className="px-4 py-2.5 font-medium tabular-nums text-fg">v{v.version}</td>
                    <td className="px-4 py-2.5">
                      <Badge tone={v.source === "registered" ? "accent" : "neutral"}>{v.source}</Badge>
                    </td>
                    <td className="px-4 py-2.5 text-fg-muted">
                      <LocalTime iso={v.firstSeenAt} format="datetime" />
                    </td>
                    <td className="truncate px-4 py-2.5 text-fg-muted" title={v.producers.join(", ")}>
                      {v.producers.length > 0 ? (
                        v.producers.join(", ")
                      ) : (
                        <span className="text-fg-subtle">—</span>
                      )}
                    </td>
                    <td className="px-4 py-2.5">
                      <Verdict v={v} first={versions.find((o) => o.source === v.source) === v} />
                    </td>
                    <td className="px-4 py-2 text-right">
                      {i < all.length - 1 && (
                        <Button
                          size="sm"
                          variant="ghost"
                          onClick={() => compare(v)}
                          aria-label={`Compare v${v.version} with the version before`}
                        >
                          Compare
                        </Button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div ref={diffRef} className="scroll-mt-16 border-t border-line p-4">
            <h3 className="mb-3 text-sm font-semibold text-fg">Compare versions</h3>
            {versions.length < 2 ? (
              <p className="text-sm text-fg-subtle">Only one version so far: nothing to compare yet.</p>
            ) : (
              <VersionDiff
                versions={versions}
                from={from}
                to={to}
                onChange={(f, t) => setPair({ from: f, to: t })}
              />
            )}
          </div>
        </>
      )}
    </Card>
  );
}

/** `first`: the oldest of its source — inferred versions are checked against inferred ones, registered against registered. */
function Verdict({ v, first }: { v: SchemaVersionView; first: boolean }) {
  const c = v.compatibility;
  if (!c || (first && c.breakingChanges.length === 0))
    return <span className="text-xs text-fg-subtle">first {v.source}, nothing to check against</span>;
  const mode = MODE_TEXT[c.mode].label.toLowerCase();
  if (c.mode === "NONE") return <Badge>not checked</Badge>;
  if (c.compatible)
    return (
      <span className="flex items-center gap-2 text-xs text-fg-muted">
        <Badge tone="ok">compatible</Badge>
        {mode}
      </span>
    );
  return (
    <div className="flex flex-col gap-1.5">
      <span className="flex items-center gap-2 text-xs text-fg-muted">
        <Badge tone="danger">breaking</Badge>
        {mode}
      </span>
      <ChangeList changes={c.breakingChanges} label={`Breaking changes in v${v.version}`} />
    </div>
  );
}
