// The totals row: events stored, channels, event types, services and pending dead letters.
import clsx from "clsx";
import { formatCount } from "@/lib/overview/format";
import type { OverviewTotals } from "@/lib/overview/types";

type Stat = { label: string; value: number; sub: string; tone?: "warn" };

function stats(t: OverviewTotals): Stat[] {
  return [
    {
      label: "Events stored",
      value: t.eventsStored,
      sub: `${formatCount(t.eventsLastHour)} in the last hour`,
    },
    { label: "Channels", value: t.channels, sub: "queues and topics" },
    { label: "Event types", value: t.eventTypes, sub: "in the catalog" },
    { label: "Services", value: t.services, sub: "producers, consumers" },
    {
      label: "Dead letters pending",
      value: t.deadLettersPending,
      sub: t.deadLettersPending ? "waiting for review" : "nothing waiting",
      tone: t.deadLettersPending ? "warn" : undefined,
    },
  ];
}

export function StatCards({ totals }: { totals: OverviewTotals }) {
  return (
    <dl className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-5">
      {stats(totals).map((s) => (
        <div
          key={s.label}
          className="h-[88px] rounded-lg border border-line bg-surface px-4 py-3 last:col-span-2 md:last:col-span-1"
        >
          <dt className="flex items-center gap-1.5 truncate text-xs font-medium text-fg-muted">
            {s.tone === "warn" && <span aria-hidden className="size-1.5 rounded-full bg-warn" />}
            {s.label}
          </dt>
          <dd
            aria-label={s.label}
            className={clsx(
              "mt-1 text-2xl font-semibold tabular-nums tracking-tight",
              s.tone === "warn" ? "text-warn" : "text-fg",
            )}
          >
            {formatCount(s.value)}
          </dd>
          <dd className="truncate text-xs text-fg-subtle">{s.sub}</dd>
        </div>
      ))}
    </dl>
  );
}
