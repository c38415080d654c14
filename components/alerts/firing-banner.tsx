// The slim banner across the app while alerts fire ("3 alerts firing — view"), coloured by the worst
// severity, fed by the same live query as the sidebar badge. It overlays the top of the page under the
// top bar instead of pushing the page down, so nothing jumps when it comes or goes. Dismissing hides it
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
    // A zero-height sticky anchor under the top bar: the banner floats over the page's top edge.
    <div className="pointer-events-none sticky top-12 z-10 h-0">
      {/* The live region stays mounted so screen readers announce the banner when it appears. */}
      <div role="status" aria-live="polite" className="flex justify-center px-3 pt-2">
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
