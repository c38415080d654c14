// A secret or link the server hands out once (API and collector tokens, invitation links): a
// plain warning that it will not be shown again, the value with Copy, and how to use it.
"use client";

import { useEffect, useRef, type ReactNode } from "react";
import { TriangleAlert } from "lucide-react";
import { CopyField } from "@/components/ui/copy-field";

type Props = {
  label: string;
  value: string;
  /** Why it is shown once, and what to do if it is lost. */
  note: ReactNode;
  /** Usage examples and the like, under the value. */
  children?: ReactNode;
};

export function ShownOnce({ label, value, note, children }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  // The form that produced the value is gone: keep keyboard focus in the dialog, on the value.
  useEffect(() => {
    ref.current?.querySelector("input")?.focus();
  }, []);
  return (
    <div ref={ref} className="flex flex-col gap-4">
      <p className="flex gap-2 rounded-md bg-warn/10 px-3 py-2 text-sm text-fg">
        <TriangleAlert className="mt-0.5 size-4 shrink-0 text-warn" aria-hidden />
        <span>{note}</span>
      </p>
      <CopyField label={label} value={value} />
      {children}
    </div>
  );
}
