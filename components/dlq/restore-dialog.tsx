// "Restore N dead letters?": undoes a discard for the selection, a group or one dead letter. Each
// comes back in the state its reprocess history gives it (pending if never reprocessed, else
// reprocessed or failed again), which the dialog says before anything changes.
"use client";

import { restoreDeadLetters } from "@/components/dlq/reprocess-api";
import { SelectorActionDialog, type SelectorDialogProps } from "@/components/dlq/selector-action-dialog";
import { formatCount } from "@/lib/overview/format";

export function RestoreDialog({ selector, what, onClose, onDone }: SelectorDialogProps) {
  return (
    <SelectorActionDialog
      title={`Restore ${what}?`}
      confirmLabel="Restore"
      tone="primary"
      run={(key) => restoreDeadLetters(selector, key)}
      done={(r) => ({
        title: `Restored ${formatCount(r.restored)} ${r.restored === 1 ? "dead letter" : "dead letters"}`,
        description:
          r.skipped.notDiscarded > 0
            ? `${formatCount(r.skipped.notDiscarded)} skipped (not discarded).`
            : undefined,
      })}
      onClose={onClose}
      onDone={onDone}
    >
      <p>
        Restored dead letters leave the Discarded state and can be reprocessed again. Each returns to the
        state its reprocess history gives it: pending if it was never reprocessed, otherwise reprocessed or
        failed again after its last attempt.
      </p>
    </SelectorActionDialog>
  );
}
