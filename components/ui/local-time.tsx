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

/**
 * `auto` leaves the year out of a date and time in the current year ("5 Dec, 08:30:20"), as mail and
 * monitoring tools do: tables get the width for names; `always` keeps it (titles, exports).
 */
export type YearDisplay = "auto" | "always";

type Zone = "local" | "utc";

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Constructing an Intl.DateTimeFormat costs far more than formatting: a list renders hundreds. */
function formatter(options: Intl.DateTimeFormatOptions, zone: Zone): Intl.DateTimeFormat {
  const key = `${zone}:${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", { ...options, timeZone: zone === "utc" ? "UTC" : undefined });
    formatters.set(key, f);
  }
  return f;
}

export function formatLocalTime(
  iso: string,
  format: TimeFormat,
  zone: Zone,
  year: YearDisplay = "auto",
  now: Date = new Date(),
): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "—";
  const options: Intl.DateTimeFormatOptions = { ...FORMATS[format] };
  // A bare date keeps its year: without a time, "5 Dec" reads as a birthday, not a moment.
  if (year === "auto" && format !== "date") {
    const yearOf = formatter({ year: "numeric" }, zone);
    if (yearOf.format(d) === yearOf.format(now)) delete options.year;
  }
  return formatter(options, zone).format(d);
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
    <time
      dateTime={iso}
      title={`${formatLocalTime(iso, "full", zone, "always")}${zone === "utc" ? " UTC" : ""}`}
    >
      {formatLocalTime(iso, format, zone)}
    </time>
  );
}
