// Events/s over the last five minutes as an area chart; the x-axis slides with the newest push.
import { Area, AreaChart, CartesianGrid, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import {
  CHART_AXIS_LINE,
  CHART_CURSOR,
  CHART_GRID_STROKE,
  CHART_MARGIN,
  CHART_TICK,
  ChartTooltipBox,
} from "@/components/ui/chart";
import { formatClock, formatCount, formatMinute, formatRate } from "@/lib/overview/format";
import { CHART_WINDOW_MS } from "@/lib/overview/live-model";
import type { ThroughputPoint } from "@/lib/overview/types";

type Props = { points: ThroughputPoint[]; now: number; zone: "local" | "utc" };

function minuteTicks(from: number, to: number): number[] {
  const ticks: number[] = [];
  for (let t = Math.ceil(from / 60_000) * 60_000; t <= to; t += 60_000) ticks.push(t);
  return ticks;
}

function ChartTooltip({ active, payload, zone }: TooltipContentProps & { zone: "local" | "utc" }) {
  const p = payload[0]?.payload as ThroughputPoint | undefined;
  if (!active || !p) return null;
  return (
    <ChartTooltipBox heading={formatClock(new Date(p.t).toISOString(), zone).slice(0, 8)}>
      <div className="font-medium text-fg tabular-nums">{formatRate(p.eventsPerSecond)} events/s</div>
    </ChartTooltipBox>
  );
}

export function ThroughputChart({ points, now, zone }: Props) {
  const from = now - CHART_WINDOW_MS;
  return (
    <AreaChart
      responsive
      data={points}
      margin={CHART_MARGIN}
      style={{ width: "100%", height: "100%" }}
      accessibilityLayer
      aria-label="Events per second over the last five minutes"
    >
      <CartesianGrid vertical={false} stroke={CHART_GRID_STROKE} />
      <XAxis
        dataKey="t"
        type="number"
        scale="time"
        domain={[from, now]}
        allowDataOverflow
        ticks={minuteTicks(from, now)}
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
        dataKey="eventsPerSecond"
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
