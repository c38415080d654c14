// "Discard N dead letters?": the confirmation for the selection, a group or one dead letter. They
// stay listed under the Discarded state (and can be purged from there); one being reprocessed is
// skipped (a filter or group) or refuses the lot (ids), in the server's words.
"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { dlqKeys } from "@/components/dlq/dlq-api";
import { discardDeadLetters, type ApiSelector } from "@/components/dlq/reprocess-api";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormError } from "@/components/ui/form-error";
import { toast } from "@/components/ui/toaster";
import { formatCount } from "@/lib/overview/format";

type Props = {
  selector: ApiSelector;
  /** What is discarded, with its count when known ("3 dead letters", "every dead letter of this group"). */
  what: string;
  onClose: () => void;
  onDone?: () => void;
};

export function DiscardDialog({ selector, what, onClose, onDone }: Props) {
  const queryClient = useQueryClient();
  const [key] = useState(() => crypto.randomUUID());
  const discard = useMutation({
    mutationFn: () => discardDeadLetters(selector, key),
    onSuccess: (r) => {
      const skipped = r.skipped.running + r.skipped.alreadyDiscarded;
      toast.success(
        `Discarded ${formatCount(r.discarded)} ${r.discarded === 1 ? "dead letter" : "dead letters"}`,
        {
          description:
            skipped > 0
              ? `${formatCount(skipped)} skipped (being reprocessed or discarded already).`
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
      onConfirm={() => discard.mutate()}
      busy={discard.isPending}
      title={`Discard ${what}?`}
      confirmLabel="Discard"
    >
      <p>
        Discarded dead letters are never reprocessed. They stay visible under the Discarded state until they
        are purged. Any being reprocessed right now are left alone.
      </p>
      <FormError className="mt-3" message={discard.error?.message ?? null} />
    </ConfirmDialog>
  );
}
