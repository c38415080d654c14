// The window's figures: p50/p95/p99, events and errors, each with the previous period's value
// (and the change) when compared.
import clsx from "clsx";
import type { LatencySummary } from "@/lib/latency/api-types";
import { formatCount, formatMs } from "@/lib/overview/format";

type Figure = { label: string; value: string; prev?: string; change?: number | null; bad?: boolean };

function change(now: number | null, before: number | null): number | null {
  return now === null || before === null || before === 0 ? null : (now - before) / before;
}

export function LatencyStats({
  summary,
  previous,
}: {
  summary: LatencySummary;
  previous: LatencySummary | null;
}) {
  const figures: Figure[] = (["p50", "p95", "p99"] as const).map((k) => ({
    label: k,
    value: formatMs(summary[k]),
    ...(previous ? { prev: formatMs(previous[k]), change: change(summary[k], previous[k]) } : {}),
  }));
  figures.push(
    {
      label: "Events",
      value: formatCount(summary.count),
      ...(previous
        ? { prev: formatCount(previous.count), change: change(summary.count, previous.count) }
        : {}),
    },
    {
      label: "Errors",
      value: formatCount(summary.errors),
      bad: summary.errors > 0,
      ...(previous ? { prev: formatCount(previous.errors) } : {}),
    },
  );
  return (
    <dl className="grid grid-cols-2 gap-x-4 gap-y-3 px-4 py-3 sm:grid-cols-5" aria-label="Window summary">
      {figures.map((f) => (
        <div key={f.label} className="min-w-0">
          <dt className="truncate text-xs text-fg-subtle">{f.label}</dt>
          <dd className={clsx("text-lg font-semibold tabular-nums", f.bad ? "text-danger" : "text-fg")}>
            {f.value}
          </dd>
          {f.prev !== undefined && (
            <dd className="text-xs text-fg-subtle tabular-nums">
              prev {f.prev}
              {f.change != null && Number.isFinite(f.change) && (
                <span className="ml-1">
                  ({f.change >= 0 ? "+" : ""}
                  {(f.change * 100).toFixed(0)} %)
                </span>
              )}
            </dd>
          )}
        </div>
      ))}
    </dl>
  );
}
