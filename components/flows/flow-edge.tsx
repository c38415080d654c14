// An edge of the flow graph: width by rate, colour by health (lib/flows/thresholds.ts), dashed for
// dead letters, animated by React Flow while traffic is live; its label is a button with the rate
// (and the error share when there are errors) that opens the edge's details.
"use client";

import { BaseEdge, EdgeLabelRenderer, getBezierPath, type Edge, type EdgeProps } from "@xyflow/react";
import clsx from "clsx";
import { edgeWidth, formatPercent, formatPerSecond } from "@/components/flows/format-flow";
import type { FlowEdge, Health } from "@/lib/flows/api-types";

export type FlowEdgeData = {
  edge: FlowEdge;
  sourceName: string;
  targetName: string;
  selected: boolean;
  dimmed: boolean;
  showLabel: boolean;
  onSelect: (id: string) => void;
};
export type FlowRfEdge = Edge<FlowEdgeData, "flow">;

export const HEALTH_COLOR: Record<Health, string> = {
  ok: "var(--ok)",
  warn: "var(--warn)",
  danger: "var(--danger)",
  idle: "var(--line-strong)",
};

export function edgeLabel(e: FlowEdge): string {
  const rate = formatPerSecond(e.rate);
  return e.errors > 0 ? `${rate} · ${formatPercent(e.errorRate)} err` : rate;
}

export function FlowEdgePath(props: EdgeProps<FlowRfEdge>) {
  const { id, data, markerEnd } = props;
  const [path, labelX, labelY] = getBezierPath(props);
  if (!data) return null;
  const e = data.edge;
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        markerEnd={markerEnd}
        interactionWidth={14}
        style={{
          stroke: HEALTH_COLOR[e.health],
          strokeWidth: edgeWidth(e.rate) + (data.selected ? 1.5 : 0),
          strokeDasharray: e.kind === "dead_letter" ? "5 4" : undefined,
          opacity: data.dimmed ? 0.2 : 0.85,
        }}
      />
      {data.showLabel && (
        <EdgeLabelRenderer>
          <button
            type="button"
            onClick={() => data.onSelect(id)}
            aria-pressed={data.selected}
            aria-label={`${data.sourceName} → ${data.targetName}: ${edgeLabel(e)}`}
            data-edge-id={id}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            className={clsx(
              "nodrag nopan pointer-events-auto absolute rounded border bg-surface px-1.5 py-0.5 text-[11px] leading-4 whitespace-nowrap text-fg tabular-nums shadow-sm",
              "focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-accent",
              data.selected ? "border-accent ring-1 ring-accent" : "border-line",
              e.health === "danger" && "text-danger",
              e.health === "warn" && "text-warn",
              data.dimmed && "opacity-30",
            )}
          >
            {edgeLabel(e)}
          </button>
        </EdgeLabelRenderer>
      )}
    </>
  );
}
