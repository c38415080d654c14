// Every schema version, oldest at the bottom: number, source, first seen, producers, and the
// compatibility verdict against the version(s) before it with each breaking change in words; then
// the side-by-side diff of any two (a row's Compare picks it and the one before).
"use client";

import { useId, useRef, useState } from "react";
import { History } from "lucide-react";
import { CompatibilityControl } from "@/components/catalog/compatibility-control";
import { VersionRow, WIDE_ONLY } from "@/components/catalog/version-row";
import { VersionDiff } from "@/components/catalog/version-diff";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
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
            <table aria-label="Schema versions" className="w-full table-fixed text-sm sm:min-w-[760px]">
              <colgroup>
                <col className="sm:w-20" />
                <col className="hidden w-28 sm:table-column" />
                <col className="hidden w-44 sm:table-column" />
                <col className="hidden w-[18%] sm:table-column" />
                <col className="hidden sm:table-column" />
                <col className="hidden w-28 sm:table-column" />
              </colgroup>
              <thead className="text-left text-xs text-fg-subtle">
                <tr className="h-8">
                  {["Version", "Source", "First seen", "Producers", "Compatibility"].map((c, i) => (
                    <th
                      key={c}
                      scope="col"
                      className={i === 0 ? "px-4 font-medium" : `px-4 font-medium ${WIDE_ONLY}`}
                    >
                      {c}
                    </th>
                  ))}
                  <th scope="col" className={`px-4 ${WIDE_ONLY}`}>
                    <span className="sr-only">Compare</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {[...versions].reverse().map((v) => (
                  <VersionRow
                    key={v.version}
                    v={v}
                    first={versions.find((o) => o.source === v.source) === v}
                    onCompare={v === versions[0] ? undefined : () => compare(v)}
                  />
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
