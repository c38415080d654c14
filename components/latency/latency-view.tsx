// The Latency page's client side: state in the URL (scope, hop, range or zoom, compare), the
// series from GET /api/v1/latency (kept on screen while the next one loads), refetched on each
// live "traffic" hint while the window ends now, and the panels — figures, percentiles over time,
// throughput and the window's distribution — each with its loading, empty and error state.
"use client";

import { useState, type ReactNode } from "react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Timer } from "lucide-react";
import clsx from "clsx";
import { keepPreviousData, useQuery, type QueryKey } from "@tanstack/react-query";
import { useLiveHint } from "@/components/live/use-live-hint";
import { chartPoints, PERCENTILE_KEYS, type PercentileKey } from "@/components/latency/chart-model";
import { HistogramChart } from "@/components/latency/histogram-chart";
import { fetchLatency, fetchLatencyScopes, latencyKeys } from "@/components/latency/latency-api";
import {
  latencySearchParams,
  parseLatencyParams,
  zoomedOut,
  type LatencyParams,
} from "@/components/latency/latency-params";
import { LatencyChartsSkeleton } from "@/components/latency/latency-skeleton";
import { LatencyStats } from "@/components/latency/latency-stats";
import { HOP_LABELS, LatencyToolbar } from "@/components/latency/latency-toolbar";
import { PERCENTILE_COLORS, PercentileChart } from "@/components/latency/percentile-chart";
import { ThroughputBars } from "@/components/latency/throughput-bars";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useHydrated } from "@/components/ui/use-hydrated";
import { ApiError } from "@/lib/http/api-client";
import type { LatencyResult } from "@/lib/latency/api-types";
import { LoadError } from "@/components/ui/load-error";

function LiveRefetch({ queryKey }: { queryKey: QueryKey }) {
  useLiveHint("traffic", queryKey);
  return null;
}

function scopeLinks(r: LatencyResult): { label: string; href: string }[] {
  const links: { label: string; href: string }[] = [];
  if (r.scope.type) links.push({ label: "Catalog", href: `/catalog/${encodeURIComponent(r.scope.type)}` });
  const traces = new URLSearchParams({ from: r.from, to: r.to });
  if (r.scope.type) traces.set("type", r.scope.type);
  if (r.scope.service) traces.set("service", r.scope.service);
  links.push({ label: "Traces", href: `/traces?${traces}` });
  const flows = new URLSearchParams();
  if (r.scope.type) flows.set("type", r.scope.type);
  if (r.scope.service) flows.set("service", r.scope.service);
  if (r.scope.channel) flows.set("channel", r.scope.channel.name);
  links.push({ label: "Flows", href: `/flows${flows.size ? `?${flows}` : ""}` });
  return links;
}

function Legend({
  shown,
  onToggle,
}: {
  shown: Record<PercentileKey, boolean>;
  onToggle: (k: PercentileKey) => void;
}) {
  return (
    <div role="group" aria-label="Percentiles shown" className="flex items-center gap-1">
      {PERCENTILE_KEYS.map((k) => (
        <button
          key={k}
          type="button"
          aria-pressed={shown[k]}
          onClick={() => onToggle(k)}
          className={clsx(
            "flex h-7 items-center gap-1.5 rounded-md px-2 text-xs font-medium hover:bg-surface-2",
            shown[k] ? "text-fg" : "text-fg-subtle line-through",
          )}
        >
          <span
            aria-hidden
            className="inline-block h-0.5 w-3 rounded"
            style={{ background: PERCENTILE_COLORS[k] }}
          />
          {k}
        </button>
      ))}
    </div>
  );
}

function Panel({ className, children }: { className: string; children: ReactNode }) {
  // The charts take focus on click (recharts' keyboard layer): no ring for the mouse, one for the keyboard.
  return (
    <div className={clsx("min-w-0 p-4 [&_[tabindex]:focus:not(:focus-visible)]:outline-none", className)}>
      {children}
    </div>
  );
}

export function LatencyView() {
  const router = useRouter();
  const pathname = usePathname();
  const search = useSearchParams();
  const params = parseLatencyParams(new URLSearchParams(search.toString()));
  const zone = useHydrated() ? "local" : "utc";
  const [shown, setShown] = useState<Record<PercentileKey, boolean>>({ p50: true, p95: true, p99: true });

  const navigate = (next: LatencyParams, push = false) => {
    const qs = latencySearchParams(next).toString();
    const url = qs ? `${pathname}?${qs}` : pathname;
    if (push) router.push(url, { scroll: false });
    else router.replace(url, { scroll: false });
  };

  const key = latencyKeys.series(params);
  const q = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => fetchLatency(params, signal),
    placeholderData: keepPreviousData,
    // A 400 or 404 (a scope that does not exist) will not get better by asking again.
    retry: (n, err) => !(err instanceof ApiError && err.status < 500) && n < 2,
  });
  const scopes = useQuery({
    queryKey: latencyKeys.scopes,
    queryFn: ({ signal }) => fetchLatencyScopes(signal),
    staleTime: 60_000,
  });
  const r = q.data;
  const points = r ? chartPoints(r) : [];
  const stepMs = (r?.stepSeconds ?? 60) * 1000;
  const empty = r !== undefined && r.summary.count === 0 && r.summary.samples === 0;
  const unit = r?.scope.edge === "produce" ? "events" : "deliveries";
  const failed = q.isError && !r;

  const body = (height: string, chart: ReactNode, emptyText: string) =>
    failed ? (
      <Panel className={height}>
        <p className="grid h-full place-items-center text-sm text-fg-subtle">Not loaded.</p>
      </Panel>
    ) : !r ? (
      <Panel className={height}>
        <Skeleton className="size-full" />
      </Panel>
    ) : empty ? (
      <Panel className={height}>
        <p className="grid h-full place-items-center text-sm text-fg-subtle">{emptyText}</p>
      </Panel>
    ) : (
      <Panel className={clsx(height, q.isPlaceholderData && "opacity-60 transition-opacity")}>{chart}</Panel>
    );

  return (
    <div className="flex flex-col gap-3 md:gap-5">
      {r?.live && !params.zoom && <LiveRefetch queryKey={key} />}
      <Card as="section" aria-labelledby="latency-title">
        <CardHeader
          id="latency-title"
          title="Latency"
          hint={
            r
              ? `${HOP_LABELS[r.hop]} · ${r.stepSeconds >= 3600 ? `${r.stepSeconds / 3600} h` : `${r.stepSeconds / 60} min`} steps`
              : undefined
          }
          actions={
            r && (
              <nav aria-label="Related pages" className="flex items-center gap-3 text-xs">
                {scopeLinks(r).map((l) => (
                  <Link
                    key={l.label}
                    href={l.href}
                    className="font-medium text-accent underline-offset-2 hover:underline"
                  >
                    {l.label}
                  </Link>
                ))}
              </nav>
            )
          }
        />
        <LatencyToolbar
          params={params}
          scopes={scopes.data}
          effectiveHop={r?.hop}
          zone={zone}
          onChange={(next) => navigate(next)}
          onZoomOut={() =>
            params.zoom && navigate({ ...params, zoom: zoomedOut(params.zoom, Date.now()) }, true)
          }
        />
        {failed ? (
          <LoadError title="Latency could not be loaded" error={q.error} onRetry={() => void q.refetch()} />
        ) : !r ? (
          <LatencyChartsSkeleton />
        ) : empty ? (
          <EmptyState icon={Timer} title="No traffic in this window">
            <p>
              Nothing was {r.scope.edge === "produce" ? "published" : "delivered"} for this scope between
              these times. Try a longer range, another hop, or fewer filters.
            </p>
          </EmptyState>
        ) : (
          <LatencyStats summary={r.summary} previous={r.previous?.summary ?? null} />
        )}
      </Card>

      <Card as="section" aria-labelledby="latency-percentiles-title">
        <CardHeader
          id="latency-percentiles-title"
          title="Percentiles"
          hint={
            [
              r?.hop === "e2e" ? "per consumer: the slowest consumer dominates p99" : null,
              r?.thresholds.length ? "red dashes: alert thresholds" : null,
            ]
              .filter(Boolean)
              .join(" · ") || undefined
          }
          actions={<Legend shown={shown} onToggle={(k) => setShown({ ...shown, [k]: !shown[k] })} />}
        />
        {body(
          "h-80",
          <PercentileChart
            points={points}
            stepMs={stepMs}
            shown={shown}
            compare={r?.previous != null}
            thresholds={r?.thresholds ?? []}
            zone={zone}
            onZoom={(w) => navigate({ ...params, zoom: w }, true)}
          />,
          "No latency samples in this window.",
        )}
      </Card>

      <div className="grid gap-3 md:gap-5 lg:grid-cols-2">
        <Card as="section" aria-labelledby="latency-throughput-title">
          <CardHeader id="latency-throughput-title" title="Throughput" hint={`${unit} per second`} />
          {body(
            "h-52",
            <ThroughputBars
              points={points}
              stepMs={stepMs}
              compare={r?.previous != null}
              zone={zone}
              unit={unit}
            />,
            `No ${unit} in this window.`,
          )}
        </Card>
        <Card as="section" aria-labelledby="latency-histogram-title">
          <CardHeader
            id="latency-histogram-title"
            title="Distribution"
            hint="samples per latency bin, whole window"
          />
          {body(
            "h-52",
            r && <HistogramChart bins={r.histogram} summary={r.summary} />,
            "No samples to show.",
          )}
        </Card>
      </div>
    </div>
  );
}
