// The edit form's conflict notice: someone else saved the rule after this form was opened. Offers
// their version (the edits here are dropped) or saving these edits over theirs, knowingly.
"use client";

import { Button } from "@/components/ui/button";

type Props = { message: string; busy: boolean; onResolve: (how: "theirs" | "mine") => Promise<void> };

export function RuleConflict({ message, busy, onResolve }: Props) {
  return (
    <div
      role="alert"
      className="flex flex-col gap-2 rounded-md border border-warn/40 bg-warn/10 px-3 py-2.5 text-sm"
    >
      <p className="font-medium text-fg">Someone else changed this rule while you were editing it.</p>
      <p className="text-fg-muted">{message}</p>
      <div className="flex flex-wrap gap-2">
        <Button size="sm" onClick={() => void onResolve("theirs")} disabled={busy}>
          Load their version
        </Button>
        <Button size="sm" variant="danger" onClick={() => void onResolve("mine")} busy={busy}>
          Save mine over theirs
        </Button>
      </div>
    </div>
  );
}
