// Events/s over the last five minutes as an area chart; the x-axis slides with the newest push.
import { Area, AreaChart, CartesianGrid, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import {
  CHART_FRAME,
  CHART_GRID,
  CHART_TOOLTIP,
  ChartTooltipBox,
  TIME_AXIS,
  VALUE_AXIS,
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
    <AreaChart {...CHART_FRAME} data={points} aria-label="Events per second over the last five minutes">
      <CartesianGrid {...CHART_GRID} />
      <XAxis
        {...TIME_AXIS}
        domain={[from, now]}
        allowDataOverflow
        ticks={minuteTicks(from, now)}
        tickFormatter={(t: number) => formatMinute(t, zone)}
      />
      <YAxis {...VALUE_AXIS} width={44} allowDecimals={false} tickFormatter={(v: number) => formatCount(v)} />
      <Tooltip {...CHART_TOOLTIP} content={(props) => <ChartTooltip {...props} zone={zone} />} />
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
