// The top bar's live connection badge: a status region, so screen readers hear when it drops.
"use client";

import clsx from "clsx";
import { useLiveStatus } from "@/components/live/use-live-status";

const LABELS = { connecting: "Connecting…", connected: "Live", reconnecting: "Reconnecting…" } as const;

export function LiveIndicator() {
  const status = useLiveStatus();
  return (
    <div
      role="status"
      aria-live="polite"
      aria-label={`Live connection: ${status}`}
      data-status={status}
      className="flex h-7 w-7 items-center justify-center gap-2 rounded-md border border-line bg-surface text-xs font-medium text-fg-muted sm:w-[8.5rem] sm:px-2"
    >
      <span
        aria-hidden
        className={clsx(
          "size-2 rounded-full",
          status === "connected" && "bg-ok",
          status === "reconnecting" && "animate-soft-pulse bg-warn",
          status === "connecting" && "animate-soft-pulse bg-fg-subtle",
        )}
      />
      <span className="hidden sm:inline">{LABELS[status]}</span>
    </div>
  );
}
