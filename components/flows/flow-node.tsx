// A node of the flow graph: a service, channel or dead-letter queue as a button (keyboard: Tab to
// it, Enter opens its details) with its broker and rates. Handles are invisible anchors only.
"use client";

import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import { Boxes, Inbox, Server } from "lucide-react";
import clsx from "clsx";
import { formatGauge, formatPerSecond } from "@/components/flows/format-flow";
import type { FlowNode } from "@/lib/flows/api-types";
import { NODE_HEIGHT, NODE_WIDTH } from "@/lib/flows/layout";

export type FlowNodeData = {
  node: FlowNode;
  selected: boolean;
  dimmed: boolean;
  onSelect: (id: string) => void;
};
export type FlowRfNode = Node<FlowNodeData, "flow">;

const KIND = {
  service: { icon: Server, label: "Service" },
  channel: { icon: Boxes, label: "Channel" },
  dlq: { icon: Inbox, label: "Dead-letter queue" },
} as const;

function subtitle(n: FlowNode): string {
  if (n.kind === "service") {
    const parts = [];
    if (n.inRate > 0) parts.push(`in ${formatPerSecond(n.inRate)}`);
    if (n.outRate > 0) parts.push(`out ${formatPerSecond(n.outRate)}`);
    return parts.join(" · ") || "idle";
  }
  const parts = [n.broker ?? "unknown broker"];
  if (n.depth !== null) parts.push(`depth ${formatGauge(n.depth)}`);
  else if (n.kind === "channel") parts.push(formatPerSecond(n.inRate));
  return parts.join(" · ");
}

export function FlowNodeBox({ data }: NodeProps<FlowRfNode>) {
  const { node: n, selected, dimmed, onSelect } = data;
  const { icon: Icon, label } = KIND[n.kind];
  return (
    <>
      <Handle type="target" position={Position.Left} isConnectable={false} className="!invisible" />
      <button
        type="button"
        onClick={() => onSelect(n.id)}
        aria-pressed={selected}
        aria-label={`${label} ${n.name}`}
        data-node-id={n.id}
        style={{ width: NODE_WIDTH, height: NODE_HEIGHT }}
        className={clsx(
          "flex items-center gap-2 rounded-md border bg-surface px-2.5 text-left shadow-sm transition-[opacity,box-shadow]",
          "focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-accent",
          n.kind === "dlq" ? "border-danger/50" : n.kind === "channel" ? "border-line-strong" : "border-line",
          selected && "ring-2 ring-accent",
          dimmed && "opacity-35",
        )}
      >
        <span
          className={clsx(
            "grid size-7 shrink-0 place-items-center rounded",
            n.kind === "service"
              ? "bg-accent-soft text-accent"
              : n.kind === "dlq"
                ? "bg-danger/12 text-danger"
                : "bg-surface-2 text-fg-muted",
          )}
        >
          <Icon className="size-4" aria-hidden />
        </span>
        <span className="min-w-0 flex-1">
          <span className="block truncate text-[13px] font-medium text-fg" title={n.name}>
            {n.name}
          </span>
          <span className="block truncate text-[11px] text-fg-subtle tabular-nums">{subtitle(n)}</span>
        </span>
        {n.live && (
          <span className="size-1.5 shrink-0 rounded-full bg-ok" title="Traffic in the last 2 minutes" />
        )}
      </button>
      <Handle type="source" position={Position.Right} isConnectable={false} className="!invisible" />
    </>
  );
}
