// Events per minute over the last hour, as a small area chart (recharts: one instance on the page).
"use client";

import { Area, AreaChart, CartesianGrid, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import {
  CHART_FRAME,
  CHART_GRID,
  CHART_TOOLTIP,
  ChartTooltipBox,
  TIME_AXIS,
  VALUE_AXIS,
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
    <AreaChart {...CHART_FRAME} data={data} aria-label="Events per minute over the last hour">
      <CartesianGrid {...CHART_GRID} />
      <XAxis
        {...TIME_AXIS}
        domain={["dataMin", "dataMax"]}
        tickCount={6}
        tickFormatter={(t: number) => formatMinute(t, zone)}
      />
      <YAxis {...VALUE_AXIS} width={44} allowDecimals={false} tickFormatter={(v: number) => formatCount(v)} />
      <Tooltip {...CHART_TOOLTIP} content={(props) => <ChartTooltip {...props} zone={zone} />} />
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
