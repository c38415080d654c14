// The form's live preview panel: the rule as typed so far, sent (debounced) to the preview API over
// the chosen range (1 h / 6 h / 24 h), drawn by rule-preview-chart.tsx with a line of words on how
// often it would have fired. Until the scope and threshold are filled in it says what it needs;
// while a new preview loads the last one stays (dimmed), so the panel does not jump.
"use client";

import { useState } from "react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ChartNoAxesCombined, TriangleAlert } from "lucide-react";
import clsx from "clsx";
import { alertKeys, fetchPreview } from "@/components/alerts/alerts-api";
import { EPISODE_FILL, RulePreviewChart } from "@/components/alerts/rule-preview-chart";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useDebounced } from "@/components/ui/use-debounced";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { PreviewRange, RulePreview } from "@/lib/alerts/preview-rule";
import { ApiError } from "@/lib/http/api-client";

const RANGES: PreviewRange[] = ["1h", "6h", "24h"];
const DEBOUNCE_MS = 400;

/** "Would have fired twice (35 min in all)": the episodes in words, for everyone and screen readers. */
export function episodeWords(p: RulePreview): string {
  const firing = p.episodes.filter((e) => e.state === "firing");
  const pending = p.episodes.filter((e) => e.state === "pending").length;
  const minutes = Math.round(firing.reduce((n, e) => n + Date.parse(e.to) - Date.parse(e.from), 0) / 60_000);
  const times = (n: number) => (n === 1 ? "once" : n === 2 ? "twice" : `${n} times`);
  if (firing.length === 0)
    return pending > 0
      ? `Would not have fired in the last ${p.range}: pending ${times(pending)}, never for long enough.`
      : `Would not have fired in the last ${p.range}.`;
  return `Would have fired ${times(firing.length)} in the last ${p.range} (${minutes} min in all).`;
}

function Legend() {
  const items = [
    ["Firing", EPISODE_FILL.firing],
    ["Pending", EPISODE_FILL.pending],
    ["No data", EPISODE_FILL.nodata],
  ] as const;
  return (
    <ul className="flex flex-wrap gap-3 text-xs text-fg-muted" aria-label="Shading">
      {items.map(([label, color]) => (
        <li key={label} className="flex items-center gap-1.5">
          <span
            aria-hidden
            className="inline-block size-2.5 rounded-sm opacity-40"
            style={{ background: color }}
          />
          {label}
        </li>
      ))}
    </ul>
  );
}

type Props = {
  /** The contract's body as typed, or null while the form lacks what a preview needs. */
  body: Record<string, unknown> | null;
  /** What the preview is waiting for, in words, when `body` is null. */
  needs: string;
  unit: string;
};

export function RulePreview({ body, needs, unit }: Props) {
  const [range, setRange] = useState<PreviewRange>("6h");
  const zone = useHydrated() ? "local" : "utc";
  const key = useDebounced(body === null ? null : JSON.stringify(body), DEBOUNCE_MS);
  const q = useQuery({
    queryKey: alertKeys.preview(range, key ?? ""),
    queryFn: ({ signal }) => fetchPreview(JSON.parse(key!) as unknown, range, signal),
    enabled: key !== null,
    placeholderData: keepPreviousData,
    retry: (n, err) => !(err instanceof ApiError && err.status < 500) && n < 2,
    staleTime: 30_000,
  });
  const p = q.data;
  return (
    <Card as="section" aria-labelledby="preview-title" className="flex flex-col">
      <CardHeader
        title="Preview"
        id="preview-title"
        hint={unit.trim() ? `value in ${unit.trim()}` : undefined}
        actions={
          <div role="group" aria-label="Preview range" className="flex rounded-md border border-line-strong">
            {RANGES.map((r) => (
              <button
                key={r}
                type="button"
                aria-pressed={range === r}
                onClick={() => setRange(r)}
                className={clsx(
                  "h-7 px-2.5 text-xs font-medium first:rounded-l-md last:rounded-r-md focus-visible:ring-2 focus-visible:ring-accent/40 focus-visible:outline-none",
                  range === r ? "bg-accent-soft text-accent" : "text-fg-muted hover:bg-surface-2",
                )}
              >
                {r}
              </button>
            ))}
          </div>
        }
      />
      <div className="flex min-h-80 flex-col gap-3 p-4" aria-busy={q.isFetching || undefined}>
        {body === null ? (
          <EmptyState icon={ChartNoAxesCombined} title="No preview yet">
            <p>{needs}</p>
          </EmptyState>
        ) : q.isError && !q.isPlaceholderData ? (
          <EmptyState icon={TriangleAlert} title="The preview could not be drawn">
            <p>{q.error.message}</p>
          </EmptyState>
        ) : !p ? (
          <div aria-label="Loading the preview" className="flex flex-col gap-3">
            <Skeleton className="h-4 w-64" />
            <Skeleton className="h-64 w-full" />
          </div>
        ) : (
          <>
            <p className="text-sm text-fg" aria-live="polite">
              {episodeWords(p)}
            </p>
            {p.note && <p className="text-xs text-fg-subtle">{p.note}</p>}
            <div className={clsx("h-64 transition-opacity", q.isPlaceholderData && "opacity-50")}>
              <RulePreviewChart preview={p} unit={unit} zone={zone} />
            </div>
            <Legend />
            {p.points.every((x) => x.value === null) && (
              <p className="text-xs text-fg-subtle">
                No data for this scope in the last {p.range}: check the names, or pick a longer range.
              </p>
            )}
          </>
        )}
      </div>
    </Card>
  );
}
