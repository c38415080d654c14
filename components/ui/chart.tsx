// Shared recharts frame, so every chart reads alike in light and dark mode (colours are the theme's
// CSS variables): the chart's sizing and margins, the grid, the axes' ticks and lines, the time
// axis and its labels, the tooltip's cursor and box. Charts keep their own series; only the frame
// lives here. Spread the props objects first, so a chart can still override one of them.
import type { ReactNode } from "react";
import type { TooltipContentProps } from "recharts";
import { formatMinute } from "@/lib/overview/format";

export const CHART_TICK = { fill: "var(--fg-subtle)", fontSize: 11 } as const;
export const CHART_AXIS_LINE = { stroke: "var(--line)" } as const;
export const CHART_CURSOR = { stroke: "var(--line-strong)" } as const;
export const CHART_MARGIN = { top: 8, right: 8, bottom: 0, left: 0 } as const;

/** The chart element's own props: fills its (sized) parent, keyboard-accessible. */
export const CHART_FRAME = {
  responsive: true,
  margin: CHART_MARGIN,
  style: { width: "100%", height: "100%" },
  accessibilityLayer: true,
} as const;

/** <CartesianGrid>: horizontal lines only. */
export const CHART_GRID = { vertical: false, stroke: "var(--line)" } as const;

/** <XAxis> over the points' `t` (ms since the epoch) on a time scale. */
export const TIME_AXIS = {
  dataKey: "t",
  type: "number",
  scale: "time",
  tick: CHART_TICK,
  tickLine: false,
  axisLine: CHART_AXIS_LINE,
} as const;

/** <YAxis> of values: ticks only, no axis line. */
export const VALUE_AXIS = { width: 56, tick: CHART_TICK, tickLine: false, axisLine: false } as const;

/** <Tooltip>: a line cursor, no animation (it follows the pointer). */
export const CHART_TOOLTIP = { cursor: CHART_CURSOR, isAnimationActive: false } as const;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * A time label: HH:MM for a span of a day or less, "Dec 4 10:00" beyond, so a week's axis says
 * which day; `full` adds the day whatever the span (tooltips).
 */
export function formatTick(t: number, spanMs: number, zone: "local" | "utc", full = false): string {
  const hm = formatMinute(t, zone);
  if (!full && spanMs <= 24 * 3_600_000) return hm;
  const d = new Date(t);
  const month = zone === "utc" ? d.getUTCMonth() : d.getMonth();
  const day = zone === "utc" ? d.getUTCDate() : d.getDate();
  return `${MONTHS[month]} ${day} ${hm}`;
}

/** <XAxis> over a window of `spanMs` from `from`: seven ticks labelled by formatTick. */
export function windowAxis(from: number, spanMs: number, zone: "local" | "utc") {
  return {
    ...TIME_AXIS,
    domain: [from, from + spanMs],
    tickCount: 7,
    tickFormatter: (t: number) => formatTick(t, spanMs, zone),
  };
}

/** A time chart's tooltip content props: recharts' own, and how to write the hovered time. */
export type TimeTooltipProps = TooltipContentProps & { zone: "local" | "utc"; spanMs: number };

/** The data row under the pointer (recharts hands it over on the payload), or null when none is. */
export function hoveredRow<Row>({ active, payload }: TooltipContentProps): Row | null {
  const row = payload[0]?.payload as Row | undefined;
  return active && row ? row : null;
}

/** The box of a chart tooltip: a small heading (the time) and its rows. */
export function ChartTooltipBox({ heading, children }: { heading: ReactNode; children: ReactNode }) {
  return (
    <div className="rounded-md border border-line bg-surface px-2.5 py-1.5 text-xs shadow-md">
      <div className="text-fg-subtle tabular-nums">{heading}</div>
      {children}
    </div>
  );
}
