// An edge's rate per step over the window (area) with its errors and p95 in the tooltip.
"use client";

import { Area, AreaChart, CartesianGrid, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import { formatMs, formatPerSecond } from "@/components/flows/format-flow";
import type { FlowSeriesPoint } from "@/lib/flows/api-types";
import { CHART_FRAME, CHART_GRID, CHART_TOOLTIP, TIME_AXIS, VALUE_AXIS } from "@/components/ui/chart";
import { formatCount, formatMinute } from "@/lib/overview/format";

type Point = FlowSeriesPoint & { ms: number };

function ChartTooltip({ active, payload, zone }: TooltipContentProps & { zone: "local" | "utc" }) {
  const p = payload[0]?.payload as Point | undefined;
  if (!active || !p) return null;
  return (
    <div className="rounded-md border border-line bg-surface px-2.5 py-1.5 text-xs shadow-md">
      <div className="text-fg-subtle tabular-nums">{formatMinute(p.ms, zone)}</div>
      <div className="font-medium text-fg tabular-nums">
        {formatCount(p.count)} events · {formatPerSecond(p.rate)}
      </div>
      {p.errors > 0 && <div className="text-danger tabular-nums">{formatCount(p.errors)} errors</div>}
      <div className="text-fg-muted tabular-nums">p95 {formatMs(p.p95)}</div>
    </div>
  );
}

/** Smaller ticks than the other charts: the edge panel is narrow. */
const SMALL_TICK = { fill: "var(--fg-subtle)", fontSize: 10 } as const;

export function EdgeChart({ series, zone }: { series: FlowSeriesPoint[]; zone: "local" | "utc" }) {
  const data: Point[] = series.map((p) => ({ ...p, ms: Date.parse(p.t) }));
  return (
    <AreaChart
      {...CHART_FRAME}
      data={data}
      margin={{ top: 6, right: 6, bottom: 0, left: 0 }}
      aria-label="Events per second on this edge"
    >
      <CartesianGrid {...CHART_GRID} />
      <XAxis
        {...TIME_AXIS}
        dataKey="ms"
        domain={["dataMin", "dataMax"]}
        tickCount={4}
        tickFormatter={(t: number) => formatMinute(t, zone)}
        tick={SMALL_TICK}
      />
      <YAxis
        {...VALUE_AXIS}
        width={36}
        tickFormatter={(v: number) => (v < 10 ? v.toFixed(1) : formatCount(v))}
        tick={SMALL_TICK}
      />
      <Tooltip {...CHART_TOOLTIP} content={(props) => <ChartTooltip {...props} zone={zone} />} />
      <Area
        type="monotone"
        dataKey="rate"
        stroke="var(--accent)"
        strokeWidth={1.5}
        fill="var(--chart-fill)"
        isAnimationActive={false}
        dot={false}
      />
    </AreaChart>
  );
}
