// "3 min ago", with the exact time (the browser's zone) on hover; `now` comes from useNow() so a
// whole list shares one clock.
"use client";

import { useEffect, useState } from "react";
import { formatLocalTime } from "@/components/ui/local-time";
import { useHydrated } from "@/components/ui/use-hydrated";
import { formatAge } from "@/lib/overview/format";

/** The time now, ticking every `ms`; null while server-rendering and hydrating (the zone is unknown). */
export function useNow(ms = 15_000): number | null {
  const hydrated = useHydrated();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return hydrated ? now : null;
}

export function SeenAgo({ iso, now }: { iso: string; now: number | null }) {
  const exact = formatLocalTime(iso, "full", now === null ? "utc" : "local", "always");
  return (
    <time dateTime={iso} title={now === null ? `${exact} UTC` : exact} className="tabular-nums">
      {now === null ? formatLocalTime(iso, "datetime", "utc") : formatAge(iso, now)}
    </time>
  );
}
