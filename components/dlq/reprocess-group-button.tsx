// "Reprocess group" on a row of the Groups view: the reprocess confirmation for that failure group.
"use client";

import { useState } from "react";
import { ReprocessDialog } from "@/components/dlq/reprocess-dialog";
import { Button } from "@/components/ui/button";
import type { DeadLetterGroup } from "@/lib/dead-letters/api-types";

export function ReprocessGroupButton({ g }: { g: DeadLetterGroup }) {
  const [open, setOpen] = useState(false);
  const title = `${g.eventType ?? "untyped"} · ${g.reason}`;
  return (
    <>
      <Button size="sm" onClick={() => setOpen(true)} aria-label={`Reprocess the group ${title}`}>
        Reprocess group
      </Button>
      {open && (
        <ReprocessDialog
          selector={{ groupId: g.groupId }}
          what={`the failure group ${title}`}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}
