// A timestamp in the browser's time zone. The server renders it in UTC (it cannot know the zone)
// and the browser switches after hydration, so the HTML matches and nothing is mis-stated.
"use client";

import { useHydrated } from "@/components/ui/use-hydrated";

const FORMATS = {
  date: { year: "numeric", month: "short", day: "numeric" },
  datetime: { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" },
  full: {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

export type TimeFormat = keyof typeof FORMATS;

export function formatLocalTime(iso: string, format: TimeFormat, zone: "local" | "utc"): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "—";
  return new Intl.DateTimeFormat("en-GB", {
    ...FORMATS[format],
    timeZone: zone === "utc" ? "UTC" : undefined,
  }).format(d);
}

export function LocalTime({
  iso,
  format = "datetime",
  empty = "—",
}: {
  iso: string | null;
  format?: TimeFormat;
  empty?: string;
}) {
  const zone = useHydrated() ? "local" : "utc";
  if (!iso) return <span className="text-fg-subtle">{empty}</span>;
  return (
    <time dateTime={iso} title={`${formatLocalTime(iso, "full", zone)}${zone === "utc" ? " UTC" : ""}`}>
      {formatLocalTime(iso, format, zone)}
    </time>
  );
}
