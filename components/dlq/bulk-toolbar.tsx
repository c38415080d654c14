// The bulk-action bar above the DLQ list: what is selected (rows, everything matching the filter,
// or one failure group), "select all matching", "clear", and the slot where the actions go
// (reprocess, discard: issue 7's next change wires them to POST /api/v1/dead-letters/reprocess
// and …/discard with `selector(selection)`).
"use client";

import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { selectedCount, type Selection } from "@/components/dlq/selection";
import { formatCount } from "@/lib/overview/format";

type Props = {
  selection: Selection;
  /** The list's count of matches (capped), when known. */
  matching: { count: number; capped: boolean } | null;
  onSelectAllMatching?: () => void;
  onClear: () => void;
  /** The bulk actions; they receive the selection through the page. */
  actions?: ReactNode;
};

function describe(s: Selection, matching: Props["matching"]): string {
  const n = selectedCount(s, matching?.count ?? null);
  if (s.kind === "group") return "One failure group selected";
  if (s.kind === "filter")
    return `All ${n === null ? "" : `${formatCount(n)}${matching?.capped ? "+" : ""} `}dead letters matching the filter selected`;
  return `${formatCount(n ?? 0)} selected`;
}

export function BulkToolbar({ selection, matching, onSelectAllMatching, onClear, actions }: Props) {
  if (selection.kind === "none") return null;
  return (
    <div
      role="region"
      aria-label="Selection"
      className="flex min-h-11 flex-wrap items-center gap-3 border-b border-line bg-accent-soft/40 px-4 py-1.5 text-sm"
    >
      <span className="font-medium text-fg" aria-live="polite">
        {describe(selection, matching)}
      </span>
      {selection.kind === "ids" && onSelectAllMatching && (
        <Button size="sm" variant="ghost" onClick={onSelectAllMatching}>
          Select all {matching ? `${formatCount(matching.count)}${matching.capped ? "+" : ""} ` : ""}matching
          the filter
        </Button>
      )}
      <Button size="sm" variant="ghost" onClick={onClear}>
        Clear selection
      </Button>
      <div className="ml-auto flex items-center gap-2" data-slot="bulk-actions">
        {actions}
      </div>
    </div>
  );
}
