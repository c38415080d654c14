// The DLQ toolbar's actions for the current selection (rows, everything matching the filter, one
// failure group): Reprocess and Discard — or, for discarded dead letters, Restore — each behind its
// confirmation. Only for people who may (dlq:reprocess, dlq:discard); the API refuses the others anyway.
"use client";

import { useState } from "react";
import { useCan } from "@/components/auth/viewer-context";
import { DiscardDialog } from "@/components/dlq/discard-dialog";
import { apiFilter, type ApiSelector } from "@/components/dlq/reprocess-api";
import { ReprocessDialog } from "@/components/dlq/reprocess-dialog";
import { RestoreDialog } from "@/components/dlq/restore-dialog";
import { selectedCount, selector, type Selection } from "@/components/dlq/selection";
import { Button } from "@/components/ui/button";
import { formatCount } from "@/lib/overview/format";

type Props = {
  selection: Selection;
  matching: { count: number; capped: boolean } | null;
  /** The list shows discarded dead letters only (its state filter): Restore is their action. */
  discarded?: boolean;
  onDone: () => void;
};

/** "3 dead letters", "all 1 000+ dead letters matching the filter", "this failure group". */
export function describeSelection(s: Selection, matching: Props["matching"]): string {
  if (s.kind === "group") return "every dead letter of this failure group";
  const n = selectedCount(s, matching?.count ?? null);
  if (s.kind === "filter")
    return n === null
      ? "every dead letter matching the filter"
      : `all ${formatCount(n)}${matching?.capped ? "+" : ""} dead letters matching the filter`;
  return n === 1 ? "1 dead letter" : `${formatCount(n ?? 0)} dead letters`;
}

export function SelectorActions({
  target,
  what,
  onDone,
  size = "sm",
  discarded = false,
}: {
  target: ApiSelector;
  what: string;
  onDone?: () => void;
  size?: "sm" | "md";
  /** Discarded dead letters: they are restored, not reprocessed or discarded. */
  discarded?: boolean;
}) {
  const canReprocess = useCan("dlq:reprocess");
  const canDiscard = useCan("dlq:discard");
  const [open, setOpen] = useState<"reprocess" | "discard" | "restore" | null>(null);
  return (
    <>
      {discarded && canDiscard && (
        <Button size={size} variant="primary" onClick={() => setOpen("restore")}>
          Restore
        </Button>
      )}
      {!discarded && canReprocess && (
        <Button size={size} variant="primary" onClick={() => setOpen("reprocess")}>
          Reprocess
        </Button>
      )}
      {!discarded && canDiscard && (
        <Button size={size} onClick={() => setOpen("discard")}>
          Discard
        </Button>
      )}
      {open === "reprocess" && (
        <ReprocessDialog selector={target} what={what} onClose={() => setOpen(null)} />
      )}
      {open === "discard" && (
        <DiscardDialog selector={target} what={what} onClose={() => setOpen(null)} onDone={onDone} />
      )}
      {open === "restore" && (
        <RestoreDialog selector={target} what={what} onClose={() => setOpen(null)} onDone={onDone} />
      )}
    </>
  );
}

export function BulkActions({ selection, matching, discarded, onDone }: Props) {
  const target = selector(selection, apiFilter);
  if (!target) return null;
  return (
    <SelectorActions
      target={target}
      what={describeSelection(selection, matching)}
      onDone={onDone}
      discarded={discarded}
    />
  );
}
