// The type's compatibility mode: a select for those who edit the catalog (applied at once, with a
// toast), the mode in words for everyone else.
"use client";

import { useId } from "react";
import { useMutation } from "@tanstack/react-query";
import { useCan } from "@/components/auth/viewer-context";
import { setCompatibility } from "@/components/catalog/catalog-api";
import { MODE_TEXT } from "@/components/catalog/compatibility-text";
import { useRefreshCatalog } from "@/components/catalog/use-event-type";
import { toast, toastError } from "@/components/ui/toaster";
import { COMPATIBILITY_MODES, type CompatibilityMode } from "@/lib/catalog/compatibility";

export function CompatibilityControl({ name, mode }: { name: string; mode: CompatibilityMode }) {
  const canEdit = useCan("catalog:edit");
  const refresh = useRefreshCatalog();
  const id = useId();
  const change = useMutation({
    mutationFn: (next: CompatibilityMode) => setCompatibility(name, next),
    onSuccess: async (_res, next) => {
      toast.success(`Compatibility of ${name} set to ${MODE_TEXT[next].label.toLowerCase()}`);
      await refresh();
    },
    onError: (err) => toastError(err, "Could not change the compatibility mode"),
  });
  const explain = MODE_TEXT[mode].explain;
  if (!canEdit)
    return (
      <span className="text-xs text-fg-muted" title={explain}>
        Compatibility: <span className="font-medium text-fg">{MODE_TEXT[mode].label}</span>
      </span>
    );
  return (
    <span className="flex items-center gap-2 text-xs text-fg-muted">
      <label htmlFor={id}>Compatibility</label>
      <select
        id={id}
        value={change.isPending && change.variables ? change.variables : mode}
        disabled={change.isPending}
        title={explain}
        onChange={(e) => change.mutate(e.target.value as CompatibilityMode)}
        className="h-7 rounded-md border border-line-strong bg-surface px-1.5 text-xs text-fg disabled:opacity-60"
      >
        {COMPATIBILITY_MODES.map((m) => (
          <option key={m} value={m}>
            {MODE_TEXT[m].label}
          </option>
        ))}
      </select>
    </span>
  );
}
