// A node's details, from the graph already loaded: its rates and gauges, its edges (each opens
// that edge), links to its latency, traces and dead letters, and a filter to its neighbourhood.
"use client";

import { Button } from "@/components/ui/button";
import { Figures, LinkRow, Section, type Figure } from "@/components/flows/detail-parts";
import { edgeLabel } from "@/components/flows/flow-edge";
import { links, type FilterKey } from "@/components/flows/flows-api";
import { formatGauge, formatPerSecond } from "@/components/flows/format-flow";
import type { FlowGraph, FlowNode } from "@/lib/flows/api-types";

type Props = {
  node: FlowNode;
  graph: FlowGraph;
  onSelect: (id: string) => void;
  onFilter: (key: FilterKey, value: string) => void;
};

export function NodeDetails({ node, graph, onSelect, onFilter }: Props) {
  const names = new Map(graph.nodes.map((n) => [n.id, n.name]));
  const edges = graph.edges.filter((e) => e.source === node.id || e.target === node.id);
  const figures: Figure[] = [
    { label: "In", value: formatPerSecond(node.inRate) },
    { label: "Out", value: formatPerSecond(node.outRate) },
  ];
  if (node.kind !== "service") figures.push({ label: "Depth", value: formatGauge(node.depth) });
  if (node.lag !== null) figures.push({ label: "Lag", value: formatGauge(node.lag) });
  const channelId = node.id.startsWith("ch:") ? Number(node.id.slice(3)) : undefined;
  const goTo =
    node.kind === "service"
      ? [
          { href: links.latency({ service: node.name }), label: "Latency" },
          { href: links.traces(node.name), label: "Traces" },
        ]
      : [
          ...(channelId !== undefined && node.kind === "channel"
            ? [{ href: links.latency({ channelId }), label: "Latency" }]
            : []),
          { href: links.dlq(node.name), label: "Dead letters" },
        ];
  const filterKey: FilterKey = node.kind === "service" ? "service" : "channel";
  const filterName = node.kind === "dlq" && node.id.startsWith("dlq:") ? null : node.name;
  return (
    <div className="flex flex-col gap-5 p-4">
      <p className="text-sm text-fg-muted">
        {node.kind === "service" ? "Service" : node.kind === "dlq" ? "Dead-letter queue" : "Channel"}
        {node.broker && <> on {node.broker}</>}
      </p>
      <Figures items={figures} />
      <Section title={`Edges (${edges.length})`}>
        <ul className="flex flex-col gap-1">
          {edges.map((e) => (
            <li key={e.id}>
              <button
                type="button"
                onClick={() => onSelect(e.id)}
                className="flex w-full items-center gap-2 rounded px-1.5 py-1 text-left text-sm hover:bg-surface-2 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-accent"
              >
                <span className="min-w-0 flex-1 truncate">
                  {e.source === node.id ? `→ ${names.get(e.target)}` : `← ${names.get(e.source)}`}
                </span>
                <span className="text-xs text-fg-subtle tabular-nums">{edgeLabel(e)}</span>
              </button>
            </li>
          ))}
        </ul>
      </Section>
      <Section title="Go to">
        <LinkRow links={goTo} />
        {filterName && (
          <Button size="sm" className="self-start" onClick={() => onFilter(filterKey, filterName)}>
            Show only this {filterKey}&apos;s flows
          </Button>
        )}
      </Section>
    </div>
  );
}
