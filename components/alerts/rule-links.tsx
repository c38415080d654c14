// The admin's ways into the rule form: "New rule" on the list, "Edit" on a rule's page. Hidden from
// those without alerts:manage (the form's pages refuse them anyway). And the way back to the list.
"use client";

import Link from "next/link";
import { Pencil, Plus } from "lucide-react";
import clsx from "clsx";
import { useCan } from "@/components/auth/viewer-context";

const LINK =
  "inline-flex shrink-0 items-center gap-2 rounded-md font-medium whitespace-nowrap focus-visible:outline-2 focus-visible:outline-accent";

export function NewRuleLink() {
  if (!useCan("alerts:manage")) return null;
  return (
    <Link
      href="/alerts/new"
      className={clsx(LINK, "h-7 bg-accent px-2.5 text-xs text-accent-fg hover:opacity-90")}
    >
      <Plus className="size-3.5" aria-hidden />
      New rule
    </Link>
  );
}

export function EditRuleLink({ id }: { id: string }) {
  if (!useCan("alerts:manage")) return null;
  return (
    <Link
      href={`/alerts/${encodeURIComponent(id)}/edit`}
      className={clsx(
        LINK,
        "h-9 border border-line-strong bg-surface px-3.5 text-sm text-fg hover:bg-surface-2",
      )}
    >
      <Pencil className="size-4" aria-hidden />
      Edit
    </Link>
  );
}

/** "← Alert rules", above a rule's page, its form, the silences and the contact points. */
export function BackToRules() {
  return (
    <Link href="/alerts" className="w-fit text-sm text-fg-muted hover:text-accent">
      ← Alert rules
    </Link>
  );
}
