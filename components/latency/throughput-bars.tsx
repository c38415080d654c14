// Throughput of the scope per step (events/s as bars, errors stacked in red) on the same time axis
// as the percentile chart, with the previous period's rate as a dashed line when compared.
"use client";

import { Bar, CartesianGrid, ComposedChart, Line, Tooltip, XAxis, YAxis } from "recharts";
import type { ChartPoint } from "@/components/latency/chart-model";
import {
  CHART_FRAME,
  CHART_GRID,
  CHART_TOOLTIP,
  ChartTooltipBox,
  formatTick,
  VALUE_AXIS,
  windowAxis,
  hoveredRow,
  type TimeTooltipProps,
} from "@/components/ui/chart";
import { formatCount, formatRate } from "@/lib/overview/format";

type Props = { points: ChartPoint[]; stepMs: number; compare: boolean; zone: "local" | "utc"; unit: string };

type Row = ChartPoint & { okRate: number; prevRate: number | null };

function RateTooltip({ zone, spanMs, unit, ...props }: TimeTooltipProps & { unit: string }) {
  const p = hoveredRow<Row>(props);
  if (!p) return null;
  return (
    <ChartTooltipBox heading={formatTick(p.start, spanMs, zone, true)}>
      <div className="font-medium text-fg tabular-nums">
        {formatRate(p.rate)} {unit}/s · {formatCount(p.count)}
      </div>
      {p.errors > 0 && <div className="text-danger tabular-nums">{formatCount(p.errors)} errors</div>}
      {p.prevRate !== null && (
        <div className="text-fg-subtle tabular-nums">prev {formatRate(p.prevRate)}/s</div>
      )}
    </ChartTooltipBox>
  );
}

export function ThroughputBars({ points, stepMs, compare, zone, unit }: Props) {
  const first = points[0]?.start ?? 0;
  const spanMs = (points.at(-1)?.start ?? first) + stepMs - first;
  const stepSeconds = stepMs / 1000;
  const rows: Row[] = points.map((p) => ({
    ...p,
    okRate: p.rate - p.errorRate,
    prevRate: compare && p.prevCount !== null ? p.prevCount / stepSeconds : null,
  }));
  return (
    <ComposedChart
      {...CHART_FRAME}
      data={rows}
      barCategoryGap={1}
      aria-label={`Throughput in ${unit} per second`}
    >
      <CartesianGrid {...CHART_GRID} />
      <XAxis {...windowAxis(first, spanMs, zone)} />
      <YAxis {...VALUE_AXIS} tickFormatter={(v: number) => formatRate(v)} />
      <Tooltip
        {...CHART_TOOLTIP}
        content={(props) => <RateTooltip {...props} zone={zone} spanMs={spanMs} unit={unit} />}
        cursor={{ fill: "var(--surface-2)" }}
      />
      <Bar
        dataKey="okRate"
        name={`${unit}/s`}
        stackId="r"
        fill="var(--chart-fill)"
        stroke="var(--accent)"
        strokeWidth={0.5}
        isAnimationActive={false}
      />
      <Bar dataKey="errorRate" name="errors/s" stackId="r" fill="var(--danger)" isAnimationActive={false} />
      {compare && (
        <Line
          dataKey="prevRate"
          name="previous period"
          stroke="var(--fg-subtle)"
          strokeDasharray="4 3"
          dot={false}
          activeDot={false}
          isAnimationActive={false}
        />
      )}
    </ComposedChart>
  );
}
