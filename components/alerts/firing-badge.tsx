// The sidebar's count of firing alerts (rule × scope) next to "Alerts", on every page, refetched when
// the evaluator's live hint says some alert changed state. Nothing shows while none fires or the
// count cannot be read: the Alerts page itself says why.
"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import clsx from "clsx";
import { alertKeys, fetchFiring, type FiringAlert } from "@/components/alerts/alerts-api";
import { useCan } from "@/components/auth/viewer-context";
import { useLiveView } from "@/components/live/use-live-view";

const NONE: FiringAlert[] = [];

/** The alerts firing now (shared by the badge and the banner: one query, one live subscription each). */
export function useFiringAlerts(): FiringAlert[] {
  const canRead = useCan("events:read");
  const queryClient = useQueryClient();
  const q = useQuery({
    queryKey: alertKeys.firing,
    queryFn: ({ signal }) => fetchFiring(signal),
    enabled: canRead,
  });
  // The badge(s) and the banner each follow the hint: one refetch runs, the others join it.
  const refetch = () =>
    void queryClient.invalidateQueries({ queryKey: alertKeys.firing }, { cancelRefetch: false });
  // A cycle without a state change cannot change what fires; a reconnect may have missed one.
  useLiveView("alerts", "alerts", (hint) => hint.transitions && refetch(), refetch);
  return q.data?.alerts ?? NONE;
}

export function useFiringCount(): number {
  return useFiringAlerts().length;
}

/** The badge's id, for the link's aria-describedby: the link keeps its name ("Alerts") and is
 * described as "2 firing". One per nav list (the sidebar and the drawer can both be mounted). */
export function firingBadgeId(list: string): string {
  return `firing-count-${list}`;
}

/** `rail`: a dot-sized count on the icon while the sidebar is icons only (md to lg). */
export function FiringBadge({ rail, id }: { rail: boolean; id: string }) {
  const count = useFiringCount();
  if (count === 0) return null;
  return (
    // Hidden from the link's name (it stays "Alerts"); the link's aria-describedby reads it.
    <span
      id={id}
      aria-hidden
      className={clsx(
        "grid h-4 min-w-4 place-items-center rounded-full bg-danger px-1 text-[10px] leading-none font-semibold text-white tabular-nums dark:text-bg",
        rail
          ? "absolute top-1 right-1 lg:static lg:ml-auto lg:h-5 lg:min-w-5 lg:text-xs"
          : "ml-auto h-5 min-w-5 text-xs",
      )}
    >
      {count > 99 ? "99+" : count}
      <span className="sr-only"> firing</span>
    </span>
  );
}
