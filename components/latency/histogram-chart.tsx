// The window's latency distribution: one bar per readable bin (from the merged log buckets), with
// the window's p50/p95/p99 marked where they fall.
"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from "recharts";
import { PERCENTILE_COLORS } from "@/components/latency/percentile-chart";
import { PERCENTILE_KEYS } from "@/components/latency/chart-model";
import {
  CHART_AXIS_LINE,
  CHART_FRAME,
  CHART_GRID,
  CHART_MARGIN,
  CHART_TICK,
  CHART_TOOLTIP,
  ChartTooltipBox,
  VALUE_AXIS,
} from "@/components/ui/chart";
import type { LatencySummary } from "@/lib/latency/api-types";
import type { HistogramBin } from "@/lib/latency/histogram-bins";
import { formatCount, formatMs } from "@/lib/overview/format";

type Row = HistogramBin & { label: string; share: number };

function BinTooltip({ active, payload }: TooltipContentProps) {
  const b = payload[0]?.payload as Row | undefined;
  if (!active || !b) return null;
  return (
    <ChartTooltipBox heading={`${formatMs(b.fromMs)} – ${formatMs(b.toMs)}`}>
      <div className="font-medium text-fg tabular-nums">
        {formatCount(b.count)} ({(b.share * 100).toFixed(1)} %)
      </div>
    </ChartTooltipBox>
  );
}

export function HistogramChart({ bins, summary }: { bins: HistogramBin[]; summary: LatencySummary }) {
  const total = bins.reduce((a, b) => a + b.count, 0) || 1;
  const rows: Row[] = bins.map((b) => ({ ...b, label: formatMs(b.fromMs), share: b.count / total }));
  /** The bin a percentile falls in (a category axis places reference lines on categories). */
  const binOf = (ms: number | null) => (ms === null ? undefined : rows.find((r) => ms < r.toMs)?.label);
  return (
    <BarChart
      {...CHART_FRAME}
      data={rows}
      // Room above the bars for the staggered p50/p95/p99 labels.
      margin={{ ...CHART_MARGIN, top: 38 }}
      barCategoryGap={1}
      aria-label="Latency distribution over the window"
    >
      <CartesianGrid {...CHART_GRID} />
      <XAxis
        dataKey="label"
        tick={CHART_TICK}
        tickLine={false}
        axisLine={CHART_AXIS_LINE}
        interval="preserveStartEnd"
        minTickGap={12}
      />
      <YAxis {...VALUE_AXIS} allowDecimals={false} tickFormatter={(v: number) => formatCount(v)} />
      <Tooltip
        {...CHART_TOOLTIP}
        content={(props) => <BinTooltip {...props} />}
        cursor={{ fill: "var(--surface-2)" }}
      />
      <Bar
        dataKey="count"
        name="samples"
        fill="var(--chart-fill)"
        stroke="var(--accent)"
        strokeWidth={0.5}
        isAnimationActive={false}
      />
      {PERCENTILE_KEYS.map((k, i) => {
        const x = binOf(summary[k]);
        return x === undefined ? null : (
          <ReferenceLine
            key={k}
            x={x}
            stroke={PERCENTILE_COLORS[k]}
            strokeDasharray="3 3"
            // Staggered: neighbouring percentiles often share a bin or sit in adjacent ones.
            label={{
              value: k,
              position: "top",
              offset: 4 + 11 * i,
              fill: PERCENTILE_COLORS[k],
              fontSize: 11,
            }}
          />
        );
      })}
    </BarChart>
  );
}
