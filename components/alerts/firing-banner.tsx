// The slim banner across the app while alerts fire ("3 alerts firing — view"), coloured by the worst
// severity, fed by the same live query as the sidebar badge. It floats over the empty middle of the top
// bar (under it on phones, where the bar is full) instead of pushing the page down, so nothing jumps
// when it comes or goes and no page control is covered on wider screens. Dismissing hides it
// until a new episode fires (firing-banner-dismissal.ts).
"use client";

import { useSyncExternalStore } from "react";
import Link from "next/link";
import { BellRing, X } from "lucide-react";
import clsx from "clsx";
import type { FiringAlert } from "@/components/alerts/alerts-api";
import { useFiringAlerts } from "@/components/alerts/firing-badge";
import {
  dismissedEpisodes,
  dismissEpisodes,
  hasUndismissed,
  serverDismissed,
  subscribeDismissed,
} from "@/components/alerts/firing-banner-dismissal";

const RANK = { critical: 0, warning: 1, info: 2 } as const;

const TONE = {
  critical: "border-danger/40 bg-danger text-white dark:text-bg",
  warning: "border-warn/40 bg-warn text-white dark:text-bg",
  info: "border-accent/40 bg-accent text-accent-fg",
} as const;

function worstSeverity(firing: readonly FiringAlert[]): FiringAlert["severity"] {
  return firing.reduce<FiringAlert["severity"]>(
    (worst, a) => (RANK[a.severity] < RANK[worst] ? a.severity : worst),
    "info",
  );
}

/** One rule: its page; several: the rules list filtered to firing. */
function viewHref(firing: readonly FiringAlert[]): string {
  const rules = new Set(firing.map((a) => a.ruleId));
  const only = rules.size === 1 ? firing[0]?.ruleId : undefined;
  return only ? `/alerts/${encodeURIComponent(only)}` : "/alerts?state=firing";
}

export function FiringBanner() {
  const firing = useFiringAlerts();
  const dismissed = useSyncExternalStore(subscribeDismissed, dismissedEpisodes, serverDismissed);
  const show = firing.length > 0 && hasUndismissed(firing, dismissed);
  const severity = worstSeverity(firing);
  const count = firing.length;
  return (
    // Takes no room in the flow: pulled up over the top bar (-mt-12 h-12) from md, zero-height under it
    // on phones. Only the pill takes clicks. The live region stays mounted so it is announced.
    <div className="pointer-events-none sticky top-12 z-30 h-0 md:top-0 md:-mt-12 md:h-12">
      <div
        role="status"
        aria-live="polite"
        className="flex h-full items-start justify-center px-3 pt-2 md:items-center md:pt-0"
      >
        {show && (
          <div
            className={clsx(
              "pointer-events-auto flex h-8 max-w-full items-center gap-2 rounded-full border pr-1 pl-3 text-sm font-medium shadow-md",
              TONE[severity],
            )}
          >
            <BellRing className="size-4 shrink-0" aria-hidden />
            <span className="truncate">
              {count} {count === 1 ? "alert" : "alerts"} firing
            </span>
            <span aria-hidden>—</span>
            <Link
              href={viewHref(firing)}
              className="rounded px-1 underline underline-offset-2 hover:no-underline focus-visible:ring-2 focus-visible:ring-current focus-visible:outline-none"
            >
              view
            </Link>
            <button
              type="button"
              aria-label="Dismiss until another alert fires"
              title="Dismiss until another alert fires"
              onClick={() => dismissEpisodes(firing)}
              className="grid size-6 shrink-0 place-items-center rounded-full hover:bg-black/15 focus-visible:ring-2 focus-visible:ring-current focus-visible:outline-none"
            >
              <X className="size-3.5" aria-hidden />
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
