// The dead-letter page's actions: Reprocess and Discard (the same dialogs as the bulk toolbar, for
// this one id) and "Edit and reprocess" for a JSON payload; Restore for a discarded one. Hidden from
// those who may not.
"use client";

import { useState } from "react";
import { useCan } from "@/components/auth/viewer-context";
import { SelectorActions } from "@/components/dlq/bulk-actions";
import { EditReprocessDialog } from "@/components/dlq/edit-reprocess-dialog";
import { Button } from "@/components/ui/button";
import type { DeadLetterDetail } from "@/lib/dead-letters/api-types";

export function DeadLetterActions({ d }: { d: DeadLetterDetail }) {
  const canReprocess = useCan("dlq:reprocess");
  const [editing, setEditing] = useState(false);
  if (d.state === "discarded")
    return <SelectorActions target={{ ids: [d.id] }} what="this dead letter" size="md" discarded />;
  return (
    <>
      {canReprocess && d.payload !== null && (
        <Button onClick={() => setEditing(true)}>Edit and reprocess</Button>
      )}
      <SelectorActions target={{ ids: [d.id] }} what="this dead letter" size="md" />
      {editing && <EditReprocessDialog d={d} onClose={() => setEditing(false)} />}
    </>
  );
}
