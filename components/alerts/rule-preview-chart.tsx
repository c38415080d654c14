// The preview's chart: the rule's value over the range as a line, the threshold (solid) and the
// resolve threshold (dashed) as reference lines, and shaded bands where the replayed rule would
// have been pending (amber) or firing (red), or had no data (grey). A point's value is the window
// that ends at it, so its state is drawn over the step before it.
"use client";

import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { STATE_LABEL } from "@/components/alerts/rule-words";
import {
  CHART_FRAME,
  CHART_GRID,
  CHART_MARGIN,
  CHART_TOOLTIP,
  ChartTooltipBox,
  formatTick,
  VALUE_AXIS,
  windowAxis,
  hoveredRow,
  type TimeTooltipProps,
} from "@/components/ui/chart";
import type { RulePreview } from "@/lib/alerts/preview-rule";
import { formatValue } from "@/lib/alerts/summary-template";

export const EPISODE_FILL: Record<RulePreview["episodes"][number]["state"], string> = {
  firing: "var(--danger)",
  pending: "var(--warn)",
  nodata: "var(--fg-subtle)",
  error: "var(--fg-subtle)",
};

type Point = { t: number; value: number | null; state: RulePreview["points"][number]["state"] };

function PreviewTooltip({ zone, spanMs, unit, ...props }: TimeTooltipProps & { unit: string }) {
  const p = hoveredRow<Point>(props);
  if (!p) return null;
  return (
    <ChartTooltipBox heading={formatTick(p.t, spanMs, zone, true)}>
      <div className="tabular-nums text-fg">
        {p.value === null ? "no data" : `${formatValue(p.value)}${unit}`}
      </div>
      <div className="text-fg-muted">{STATE_LABEL[p.state]}</div>
    </ChartTooltipBox>
  );
}

export function RulePreviewChart({
  preview,
  unit,
  zone,
}: {
  preview: RulePreview;
  unit: string;
  zone: "local" | "utc";
}) {
  const from = Date.parse(preview.from);
  const to = Date.parse(preview.to);
  const spanMs = to - from;
  const points: Point[] = preview.points.map((p) => ({ t: Date.parse(p.t), value: p.value, state: p.state }));
  const stepMs = preview.stepSeconds * 1000;
  // Scattered values (a scope that just started flowing) are dots: a line needs two in a row.
  const sparse = points.filter((p) => p.value !== null).length < 10;
  return (
    <LineChart
      {...CHART_FRAME}
      data={points}
      margin={{ ...CHART_MARGIN, right: 16 }}
      aria-label="The rule's value over time, with its threshold and where it would have fired"
    >
      <CartesianGrid {...CHART_GRID} />
      {preview.episodes.map((e) => (
        <ReferenceArea
          key={`${e.state}-${e.from}`}
          x1={Math.max(from, Date.parse(e.from) - stepMs)}
          x2={Math.min(to, Date.parse(e.to) - stepMs)}
          fill={EPISODE_FILL[e.state]}
          fillOpacity={e.state === "firing" ? 0.18 : 0.12}
          strokeOpacity={0}
          ifOverflow="hidden"
        />
      ))}
      <XAxis {...windowAxis(from, spanMs, zone)} />
      <YAxis {...VALUE_AXIS} domain={[0, "auto"]} tickFormatter={(v: number) => formatValue(v)} />
      <Tooltip
        {...CHART_TOOLTIP}
        content={(props) => <PreviewTooltip {...props} zone={zone} spanMs={spanMs} unit={unit} />}
      />
      <ReferenceLine
        y={preview.threshold}
        className="rule-preview-threshold"
        ifOverflow="extendDomain"
        stroke="var(--danger)"
        strokeWidth={1.5}
        label={{
          value: `threshold ${formatValue(preview.threshold)}${unit}`,
          position: "insideTopRight",
          fill: "var(--danger)",
          fontSize: 11,
        }}
      />
      {preview.resolveThreshold !== null && (
        <ReferenceLine
          y={preview.resolveThreshold}
          className="rule-preview-resolve"
          ifOverflow="extendDomain"
          stroke="var(--ok)"
          strokeDasharray="4 3"
          label={{
            value: `resolves ${preview.op === "above" ? "at or below" : "at or above"} ${formatValue(preview.resolveThreshold)}${unit}`,
            position: "insideBottomRight",
            fill: "var(--ok)",
            fontSize: 11,
          }}
        />
      )}
      <Line
        name="value"
        dataKey="value"
        stroke="var(--accent)"
        strokeWidth={1.75}
        dot={sparse ? { r: 2.5, fill: "var(--accent)", strokeWidth: 0 } : false}
        activeDot={{ r: 3, fill: "var(--accent)", stroke: "var(--surface)" }}
        isAnimationActive={false}
      />
    </LineChart>
  );
}
