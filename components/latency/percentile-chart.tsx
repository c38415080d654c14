// p50/p95/p99 over the window as lines (the previous period dashed beneath when compared), alert
// thresholds as reference lines, hover tooltips, and drag-to-zoom: press on one point, drag to
// another, release — the window between becomes the page's from/to.
"use client";

import { useRef, useState } from "react";
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
import {
  PERCENTILE_KEYS,
  zoomWindow,
  type ChartPoint,
  type PercentileKey,
} from "@/components/latency/chart-model";
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
import type { LatencyThreshold } from "@/lib/latency/api-types";
import { formatMs } from "@/lib/overview/format";

export const PERCENTILE_COLORS: Record<PercentileKey, string> = {
  p50: "var(--ok)",
  p95: "var(--accent)",
  p99: "var(--warn)",
};

const PREV_KEY: Record<PercentileKey, "prevP50" | "prevP95" | "prevP99"> = {
  p50: "prevP50",
  p95: "prevP95",
  p99: "prevP99",
};

type Props = {
  points: ChartPoint[];
  stepMs: number;
  shown: Record<PercentileKey, boolean>;
  compare: boolean;
  thresholds: LatencyThreshold[];
  zone: "local" | "utc";
  onZoom: (w: { from: string; to: string }) => void;
};

function PercentileTooltip({
  zone,
  spanMs,
  compare,
  shown,
  ...props
}: TimeTooltipProps & { compare: boolean; shown: Props["shown"] }) {
  const p = hoveredRow<ChartPoint>(props);
  if (!p) return null;
  return (
    <ChartTooltipBox heading={formatTick(p.start, spanMs, zone, true)}>
      <table className="mt-0.5 tabular-nums">
        <tbody>
          {PERCENTILE_KEYS.filter((k) => shown[k]).map((k) => (
            <tr key={k}>
              <th scope="row" className="pr-3 text-left font-normal text-fg-muted">
                <span
                  aria-hidden
                  className="mr-1.5 inline-block size-2 rounded-full"
                  style={{ background: PERCENTILE_COLORS[k] }}
                />
                {k}
              </th>
              <td className="text-right font-medium text-fg">{formatMs(p[k])}</td>
              {compare && <td className="pl-3 text-right text-fg-subtle">prev {formatMs(p[PREV_KEY[k]])}</td>}
            </tr>
          ))}
          <tr>
            <th scope="row" className="pr-3 text-left font-normal text-fg-muted">
              events
            </th>
            <td className="text-right text-fg">{p.count}</td>
            {compare && <td className="pl-3 text-right text-fg-subtle">prev {p.prevCount ?? "—"}</td>}
          </tr>
        </tbody>
      </table>
    </ChartTooltipBox>
  );
}

function indexOf(state: { activeTooltipIndex?: unknown }): number | null {
  const i = Number(state.activeTooltipIndex);
  return Number.isInteger(i) && i >= 0 ? i : null;
}

export function PercentileChart({ points, stepMs, shown, compare, thresholds, zone, onZoom }: Props) {
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  // The point under the pointer, from move events: recharts' mousedown state does not always carry
  // the active index (it is updated on the next frame), so a drag starts from the last one seen.
  const hover = useRef<number | null>(null);
  const first = points[0]?.start ?? 0;
  const spanMs = (points.at(-1)?.start ?? first) + stepMs - first;
  const a = drag ? points[Math.min(drag.from, drag.to)] : undefined;
  const b = drag ? points[Math.max(drag.from, drag.to)] : undefined;
  return (
    <LineChart
      {...CHART_FRAME}
      data={points}
      style={{ ...CHART_FRAME.style, userSelect: "none" }}
      aria-label="Latency percentiles over time"
      onMouseDown={(s) => {
        const i = indexOf(s) ?? hover.current;
        if (i !== null) setDrag({ from: i, to: i });
      }}
      onMouseMove={(s) => {
        const i = indexOf(s);
        if (i !== null) hover.current = i;
        if (drag && i !== null && i !== drag.to) setDrag({ ...drag, to: i });
      }}
      onMouseUp={() => {
        if (!drag) return;
        const w = zoomWindow(points, drag.from, drag.to, stepMs);
        setDrag(null);
        if (w) onZoom(w);
      }}
      onMouseLeave={() => {
        hover.current = null;
        setDrag(null);
      }}
    >
      <CartesianGrid {...CHART_GRID} />
      <XAxis {...windowAxis(first, spanMs, zone)} />
      <YAxis {...VALUE_AXIS} tickFormatter={(v: number) => (v === 0 ? "0" : formatMs(v))} />
      <Tooltip
        {...CHART_TOOLTIP}
        content={(props) => (
          <PercentileTooltip {...props} zone={zone} spanMs={spanMs} compare={compare} shown={shown} />
        )}
      />
      {compare &&
        PERCENTILE_KEYS.filter((k) => shown[k]).map((k) => (
          <Line
            key={`prev-${k}`}
            name={`${k} previous period`}
            dataKey={PREV_KEY[k]}
            stroke={PERCENTILE_COLORS[k]}
            strokeOpacity={0.55}
            strokeDasharray="4 3"
            strokeWidth={1.25}
            dot={false}
            activeDot={false}
            connectNulls
            isAnimationActive={false}
          />
        ))}
      {PERCENTILE_KEYS.filter((k) => shown[k]).map((k) => (
        <Line
          key={k}
          name={k}
          className={`latency-line-${k}`}
          dataKey={k}
          stroke={PERCENTILE_COLORS[k]}
          strokeWidth={k === "p99" ? 2 : 1.5}
          dot={false}
          activeDot={{ r: 3, fill: PERCENTILE_COLORS[k], stroke: "var(--surface)" }}
          connectNulls
          isAnimationActive={false}
        />
      ))}
      {thresholds.map((t) => (
        <ReferenceLine
          key={t.ruleId}
          y={t.thresholdMs}
          stroke="var(--danger)"
          strokeDasharray="6 4"
          ifOverflow="extendDomain"
          label={{
            value: `${t.name} (${t.percentile} ${formatMs(t.thresholdMs)})`,
            // Left: a live window's newest (rightmost) points would sit under the label.
            position: "insideTopLeft",
            fill: "var(--danger)",
            fontSize: 11,
          }}
        />
      ))}
      {a && b && drag && drag.from !== drag.to && (
        <ReferenceArea x1={a.start} x2={b.start + stepMs} fill="var(--accent)" fillOpacity={0.12} />
      )}
    </LineChart>
  );
}
