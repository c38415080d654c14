// Throughput of the scope per step (events/s as bars, errors stacked in red) on the same time axis
// as the percentile chart, with the previous period's rate as a dashed line when compared.
"use client";

import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Line,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from "recharts";
import type { ChartPoint } from "@/components/latency/chart-model";
import { formatTick } from "@/components/latency/time-format";
import {
  CHART_AXIS_LINE,
  CHART_GRID_STROKE,
  CHART_MARGIN,
  CHART_TICK,
  ChartTooltipBox,
} from "@/components/ui/chart";
import { formatCount, formatRate } from "@/lib/overview/format";

type Props = { points: ChartPoint[]; stepMs: number; compare: boolean; zone: "local" | "utc"; unit: string };

type Row = ChartPoint & { okRate: number; prevRate: number | null };

function RateTooltip({
  active,
  payload,
  zone,
  spanMs,
  unit,
}: TooltipContentProps & { zone: "local" | "utc"; spanMs: number; unit: string }) {
  const p = payload[0]?.payload as Row | undefined;
  if (!active || !p) return null;
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
      responsive
      data={rows}
      margin={CHART_MARGIN}
      barCategoryGap={1}
      style={{ width: "100%", height: "100%" }}
      accessibilityLayer
      aria-label={`Throughput in ${unit} per second`}
    >
      <CartesianGrid vertical={false} stroke={CHART_GRID_STROKE} />
      <XAxis
        dataKey="t"
        type="number"
        scale="time"
        domain={[first, first + spanMs]}
        tickCount={7}
        tickFormatter={(t: number) => formatTick(t, spanMs, zone)}
        tick={CHART_TICK}
        tickLine={false}
        axisLine={CHART_AXIS_LINE}
      />
      <YAxis
        width={56}
        tickFormatter={(v: number) => formatRate(v)}
        tick={CHART_TICK}
        tickLine={false}
        axisLine={false}
      />
      <Tooltip
        content={(props) => <RateTooltip {...props} zone={zone} spanMs={spanMs} unit={unit} />}
        cursor={{ fill: "var(--surface-2)" }}
        isAnimationActive={false}
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
