// "Silence" on a firing alert (a rule page's scope, a row of the rules list): opens the new-silence
// form prefilled with that rule (and scope). Only for those who may silence.
"use client";

import { useState } from "react";
import { BellOff } from "lucide-react";
import { SilenceDialog, type SilencePrefill } from "@/components/alerts/silence-form";
import { useCan } from "@/components/auth/viewer-context";
import { Button } from "@/components/ui/button";

/** `compact`: the icon alone (a table cell), still named "Silence …" for screen readers and on hover. */
export function SilenceButton({
  prefill,
  what,
  compact = false,
}: {
  prefill: SilencePrefill;
  what: string;
  compact?: boolean;
}) {
  const canSilence = useCan("alerts:silence");
  const [open, setOpen] = useState(false);
  if (!canSilence) return null;
  return (
    <>
      <Button
        size="sm"
        icon={<BellOff className="size-3.5 shrink-0" aria-hidden />}
        aria-label={`Silence ${what}`}
        title={compact ? `Silence ${what}` : undefined}
        className={compact ? "w-7 px-0!" : undefined}
        onClick={() => setOpen(true)}
      >
        {!compact && "Silence"}
      </Button>
      {open && <SilenceDialog prefill={prefill} onClose={() => setOpen(false)} />}
    </>
  );
}
