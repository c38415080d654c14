// Shared recharts styling, so every chart reads alike in light and dark mode: axis ticks, grid,
// cursor and the tooltip's box. Charts keep their own series; only the look lives here.
import type { ReactNode } from "react";

export const CHART_TICK = { fill: "var(--fg-subtle)", fontSize: 11 } as const;
export const CHART_GRID_STROKE = "var(--line)";
export const CHART_AXIS_LINE = { stroke: "var(--line)" } as const;
export const CHART_CURSOR = { stroke: "var(--line-strong)" } as const;
export const CHART_MARGIN = { top: 8, right: 8, bottom: 0, left: 0 } as const;

/** The box of a chart tooltip: a small heading (the time) and its rows. */
export function ChartTooltipBox({ heading, children }: { heading: ReactNode; children: ReactNode }) {
  return (
    <div className="rounded-md border border-line bg-surface px-2.5 py-1.5 text-xs shadow-md">
      <div className="text-fg-subtle tabular-nums">{heading}</div>
      {children}
    </div>
  );
}
