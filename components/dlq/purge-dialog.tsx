// "Purge": delete for good the dead letters that are done with (discarded, reprocessed) among those
// matching the filter. The count comes from GET …/purge; the person types it to confirm (a
// destructive bulk action), and the server deletes only when the store still holds that many —
// otherwise it says the new count, which is shown for a second confirmation.
"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { dlqKeys } from "@/components/dlq/dlq-api";
import type { DlqFilters } from "@/components/dlq/dlq-filters";
import { apiFilter, countPurgeable, purgeDeadLetters } from "@/components/dlq/reprocess-api";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { Skeleton } from "@/components/ui/skeleton";
import { toast } from "@/components/ui/toaster";
import { formatCount } from "@/lib/overview/format";

/** The filter a purge takes: the page's, narrowed to the states a purge may delete. */
export function purgeFilter(f: DlqFilters): Record<string, string> {
  const state = f.state === "discarded" || f.state === "reprocessed" ? f.state : "discarded,reprocessed";
  return { ...apiFilter(f), state };
}

export function PurgeDialog({ filters, onClose }: { filters: DlqFilters; onClose: () => void }) {
  const queryClient = useQueryClient();
  const filter = purgeFilter(filters);
  const [typed, setTyped] = useState("");
  const count = useQuery({
    queryKey: ["dead-letters", "purge-count", filter],
    queryFn: ({ signal }) => countPurgeable(filter, signal),
    gcTime: 0,
  });
  const n = count.data?.count ?? null;
  const purge = useMutation({
    mutationFn: (confirm: number) => purgeDeadLetters(filter, confirm),
    onSuccess: (r) => {
      toast.success(`Purged ${formatCount(r.purged)} dead letters`);
      void queryClient.invalidateQueries({ queryKey: dlqKeys.all });
      onClose();
    },
    onError: () => {
      setTyped("");
      void count.refetch();
    },
  });
  const matches = n !== null && typed.replace(/[\s,]/g, "") === String(n);
  const states = filter.state === "discarded,reprocessed" ? "discarded or reprocessed" : filter.state;
  return (
    <Dialog
      open
      onClose={onClose}
      title="Purge dead letters"
      description={`Deletes for good the ${states} dead letters matching the filter. Their reprocess history stays.`}
      footer={
        <>
          <Button onClick={onClose} disabled={purge.isPending}>
            Cancel
          </Button>
          <Button
            variant="danger"
            busy={purge.isPending}
            disabled={!matches}
            onClick={() => purge.mutate(n!)}
          >
            {n ? `Purge ${formatCount(n)}` : "Purge"}
          </Button>
        </>
      }
    >
      <div className="flex flex-col gap-4 text-sm">
        {count.isError ? (
          <FormError message={count.error.message} />
        ) : n === null ? (
          <Skeleton className="h-5 w-2/3" />
        ) : n === 0 ? (
          <p className="text-fg">Nothing to purge: no {states} dead letter matches the filter.</p>
        ) : (
          <p className="text-fg" aria-live="polite">
            <strong className="tabular-nums">{formatCount(n)}</strong>{" "}
            {n === 1 ? "dead letter" : "dead letters"} will be deleted. This cannot be undone.
          </p>
        )}
        {n !== null && n > 0 && (
          <TextField
            label={`Type ${n} to confirm`}
            inputMode="numeric"
            autoComplete="off"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
          />
        )}
        <FormError message={purge.error?.message ?? null} />
      </div>
    </Dialog>
  );
}
