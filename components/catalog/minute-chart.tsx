// Events per minute over the last hour, as a small area chart (recharts: one instance on the page).
"use client";

import { Area, AreaChart, CartesianGrid, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import {
  CHART_AXIS_LINE,
  CHART_CURSOR,
  CHART_GRID_STROKE,
  CHART_MARGIN,
  CHART_TICK,
  ChartTooltipBox,
} from "@/components/ui/chart";
import { formatCount, formatMinute } from "@/lib/overview/format";

type Point = { t: number; count: number };

function ChartTooltip({ active, payload, zone }: TooltipContentProps & { zone: "local" | "utc" }) {
  const p = payload[0]?.payload as Point | undefined;
  if (!active || !p) return null;
  return (
    <ChartTooltipBox heading={formatMinute(p.t, zone)}>
      <div className="font-medium text-fg tabular-nums">{formatCount(p.count)} events</div>
    </ChartTooltipBox>
  );
}

export function MinuteChart({
  points,
  zone,
}: {
  points: { minute: string; count: number }[];
  zone: "local" | "utc";
}) {
  const data: Point[] = points.map((p) => ({ t: Date.parse(p.minute), count: p.count }));
  return (
    <AreaChart
      responsive
      data={data}
      margin={CHART_MARGIN}
      style={{ width: "100%", height: "100%" }}
      accessibilityLayer
      aria-label="Events per minute over the last hour"
    >
      <CartesianGrid vertical={false} stroke={CHART_GRID_STROKE} />
      <XAxis
        dataKey="t"
        type="number"
        scale="time"
        domain={["dataMin", "dataMax"]}
        tickCount={6}
        tickFormatter={(t: number) => formatMinute(t, zone)}
        tick={CHART_TICK}
        tickLine={false}
        axisLine={CHART_AXIS_LINE}
      />
      <YAxis
        width={44}
        allowDecimals={false}
        tickFormatter={(v: number) => formatCount(v)}
        tick={CHART_TICK}
        tickLine={false}
        axisLine={false}
      />
      <Tooltip
        content={(props) => <ChartTooltip {...props} zone={zone} />}
        cursor={CHART_CURSOR}
        isAnimationActive={false}
      />
      <Area
        type="monotone"
        dataKey="count"
        stroke="var(--accent)"
        strokeWidth={1.75}
        fill="var(--chart-fill)"
        isAnimationActive={false}
        dot={false}
        activeDot={{ r: 3, fill: "var(--accent)", stroke: "var(--surface)" }}
      />
    </AreaChart>
  );
}
