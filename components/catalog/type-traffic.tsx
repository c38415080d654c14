// The type's traffic: events per minute over the last hour, the hour's and the day's counts, the
// hour's errors, and its latency percentiles (from the rollups' histograms).
"use client";

import { MinuteChart } from "@/components/catalog/minute-chart";
import { Card, CardHeader } from "@/components/ui/card";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { EventTypeDetail } from "@/lib/catalog/api-types";
import { formatCount, formatMs } from "@/lib/overview/format";

export function TypeTraffic({ stats }: { stats: EventTypeDetail["stats"] }) {
  const zone = useHydrated() ? "local" : "utc";
  const figures = [
    { label: "Last hour", value: formatCount(stats.lastHour) },
    { label: "Last 24 h", value: formatCount(stats.lastDay) },
    { label: "Errors (hour)", value: formatCount(stats.errors), bad: stats.errors > 0 },
    { label: "p50", value: formatMs(stats.latencyMs.p50) },
    { label: "p95", value: formatMs(stats.latencyMs.p95) },
    { label: "p99", value: formatMs(stats.latencyMs.p99) },
  ];
  return (
    <Card as="section" aria-labelledby="type-traffic-title" className="lg:col-span-2">
      <CardHeader
        id="type-traffic-title"
        title="Traffic"
        hint="last hour · latency from publish to delivery"
      />
      <div className="flex flex-col gap-3 p-4">
        <dl className="grid grid-cols-3 gap-x-4 gap-y-2 sm:grid-cols-6">
          {figures.map((f) => (
            <div key={f.label} className="min-w-0">
              <dt className="truncate text-xs text-fg-subtle">{f.label}</dt>
              <dd className={`text-base font-semibold tabular-nums ${f.bad ? "text-danger" : "text-fg"}`}>
                {f.value}
              </dd>
            </div>
          ))}
        </dl>
        <div className="h-40 min-w-0">
          {stats.throughput.length > 0 ? (
            <MinuteChart points={stats.throughput} zone={zone} />
          ) : (
            <p className="grid h-full place-items-center text-sm text-fg-subtle">
              No events in the last hour.
            </p>
          )}
        </div>
      </div>
    </Card>
  );
}
