// Events per minute over the last hour, as a small area chart (recharts: one instance on the page).
"use client";

import { Area, AreaChart, CartesianGrid, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import { formatCount, formatMinute } from "@/lib/overview/format";

type Point = { t: number; count: number };

function ChartTooltip({ active, payload, zone }: TooltipContentProps & { zone: "local" | "utc" }) {
  const p = payload[0]?.payload as Point | undefined;
  if (!active || !p) return null;
  return (
    <div className="rounded-md border border-line bg-surface px-2.5 py-1.5 text-xs shadow-md">
      <div className="text-fg-subtle tabular-nums">{formatMinute(p.t, zone)}</div>
      <div className="font-medium text-fg tabular-nums">{formatCount(p.count)} events</div>
    </div>
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
      margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
      style={{ width: "100%", height: "100%" }}
      accessibilityLayer
      aria-label="Events per minute over the last hour"
    >
      <CartesianGrid vertical={false} stroke="var(--line)" />
      <XAxis
        dataKey="t"
        type="number"
        scale="time"
        domain={["dataMin", "dataMax"]}
        tickCount={6}
        tickFormatter={(t: number) => formatMinute(t, zone)}
        tick={{ fill: "var(--fg-subtle)", fontSize: 11 }}
        tickLine={false}
        axisLine={{ stroke: "var(--line)" }}
      />
      <YAxis
        width={44}
        allowDecimals={false}
        tickFormatter={(v: number) => formatCount(v)}
        tick={{ fill: "var(--fg-subtle)", fontSize: 11 }}
        tickLine={false}
        axisLine={false}
      />
      <Tooltip
        content={(props) => <ChartTooltip {...props} zone={zone} />}
        cursor={{ stroke: "var(--line-strong)" }}
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
