// "Discard N dead letters?": the confirmation for the selection, a group or one dead letter. They
// stay listed under the Discarded state (and can be restored or purged from there); one being
// reprocessed is skipped (a filter or group) or refuses the lot (ids), in the server's words.
"use client";

import { discardDeadLetters } from "@/components/dlq/reprocess-api";
import { SelectorActionDialog, type SelectorDialogProps } from "@/components/dlq/selector-action-dialog";
import { formatCount } from "@/lib/overview/format";

export function DiscardDialog({ selector, what, onClose, onDone }: SelectorDialogProps) {
  return (
    <SelectorActionDialog
      title={`Discard ${what}?`}
      confirmLabel="Discard"
      run={(key) => discardDeadLetters(selector, key)}
      done={(r) => {
        const skipped = r.skipped.running + r.skipped.alreadyDiscarded;
        return {
          title: `Discarded ${formatCount(r.discarded)} ${r.discarded === 1 ? "dead letter" : "dead letters"}`,
          description:
            skipped > 0
              ? `${formatCount(skipped)} skipped (being reprocessed or discarded already).`
              : undefined,
        };
      }}
      onClose={onClose}
      onDone={onDone}
    >
      <p>
        Discarded dead letters are never reprocessed. They stay visible under the Discarded state, where they
        can be restored, until they are purged. Any being reprocessed right now are left alone.
      </p>
    </SelectorActionDialog>
  );
}
