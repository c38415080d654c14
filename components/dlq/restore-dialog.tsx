// "Restore N dead letters?": undoes a discard for the selection, a group or one dead letter. Each
// comes back in the state its reprocess history gives it (pending if never reprocessed, else
// reprocessed or failed again), which the dialog says before anything changes.
"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { dlqKeys } from "@/components/dlq/dlq-api";
import { restoreDeadLetters, type ApiSelector } from "@/components/dlq/reprocess-api";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormError } from "@/components/ui/form-error";
import { toast } from "@/components/ui/toaster";
import { formatCount } from "@/lib/overview/format";

type Props = {
  selector: ApiSelector;
  /** What is restored ("3 dead letters", "this dead letter"). */
  what: string;
  onClose: () => void;
  onDone?: () => void;
};

export function RestoreDialog({ selector, what, onClose, onDone }: Props) {
  const queryClient = useQueryClient();
  const [key] = useState(() => crypto.randomUUID());
  const restore = useMutation({
    mutationFn: () => restoreDeadLetters(selector, key),
    onSuccess: (r) => {
      toast.success(
        `Restored ${formatCount(r.restored)} ${r.restored === 1 ? "dead letter" : "dead letters"}`,
        {
          description:
            r.skipped.notDiscarded > 0
              ? `${formatCount(r.skipped.notDiscarded)} skipped (not discarded).`
              : undefined,
        },
      );
      void queryClient.invalidateQueries({ queryKey: dlqKeys.all });
      onDone?.();
      onClose();
    },
  });
  return (
    <ConfirmDialog
      open
      onClose={onClose}
      onConfirm={() => restore.mutate()}
      busy={restore.isPending}
      title={`Restore ${what}?`}
      confirmLabel="Restore"
      tone="primary"
    >
      <p>
        Restored dead letters leave the Discarded state and can be reprocessed again. Each returns to the
        state its reprocess history gives it: pending if it was never reprocessed, otherwise reprocessed or
        failed again after its last attempt.
      </p>
      <FormError className="mt-3" message={restore.error?.message ?? null} />
    </ConfirmDialog>
  );
}
