// The interactive graph: React Flow with the dagre layout of lib/flows/layout.ts. Positions are
// recomputed only when the set of nodes and edges changes (topologyKey), so live refetches change
// numbers in place; a new topology, or a search, fits the view again.
"use client";

import "@xyflow/react/dist/style.css";
import "@/components/flows/flows.css";
import { useEffect, useState } from "react";
import {
  Background,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  useReactFlow,
  useStore,
  type EdgeTypes,
  type NodeTypes,
} from "@xyflow/react";
import { FlowEdgePath, HEALTH_COLOR, type FlowRfEdge } from "@/components/flows/flow-edge";
import { FlowNodeBox, type FlowRfNode } from "@/components/flows/flow-node";
import type { FlowGraph } from "@/lib/flows/api-types";
import {
  initialViewport,
  LABEL_ZOOM,
  layoutFlow,
  NODE_HEIGHT,
  NODE_WIDTH,
  topologyKey,
  type Position,
} from "@/lib/flows/layout";

const nodeTypes: NodeTypes = { flow: FlowNodeBox };
const edgeTypes: EdgeTypes = { flow: FlowEdgePath };

export type FocusRequest = { id: string; seq: number };

type Props = {
  graph: FlowGraph;
  selected: string;
  onSelect: (id: string) => void;
  focus: FocusRequest | null;
};

/** Ids related to the selection: itself and, for a node, its edges' other ends; for an edge, its ends. */
function neighbourhood(graph: FlowGraph, selected: string): Set<string> | null {
  if (!selected) return null;
  const near = new Set([selected]);
  for (const e of graph.edges) {
    if (e.id === selected || e.source === selected || e.target === selected) {
      near.add(e.id);
      near.add(e.source);
      near.add(e.target);
    }
  }
  return near.size > 1 ? near : null;
}

export function FlowCanvas({ graph, selected, onSelect, focus }: Props) {
  const rf = useReactFlow();
  const zoom = useStore((s) => s.transform[2]);
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const key = topologyKey(graph);
  const [layout, setLayout] = useState<{ key: string; pos: Map<string, Position> } | null>(null);
  let current = layout;
  if (!current || current.key !== key) {
    current = { key, pos: layoutFlow(graph) };
    setLayout(current);
  }
  const positions = current.pos;

  // A new topology (or the canvas's first size): show it at a readable zoom. Not on resizes after
  // that, nor on refetches: the view stays where the person put it.
  const sized = width > 0 && height > 0;
  useEffect(() => {
    if (!sized) return;
    void rf.setViewport(initialViewport(positions, width, height));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per topology, see above
  }, [key, sized, rf]);

  useEffect(() => {
    if (!focus) return;
    void rf.fitView({ nodes: [{ id: focus.id }], duration: 400, maxZoom: 1.2, padding: 1.2 });
  }, [focus, rf]);

  const near = neighbourhood(graph, selected);
  const names = new Map(graph.nodes.map((n) => [n.id, n.name]));
  const nodes: FlowRfNode[] = graph.nodes.map((n) => ({
    id: n.id,
    type: "flow",
    position: positions.get(n.id) ?? { x: 0, y: 0 },
    width: NODE_WIDTH,
    height: NODE_HEIGHT,
    data: { node: n, selected: n.id === selected, dimmed: near !== null && !near.has(n.id), onSelect },
  }));
  const edges: FlowRfEdge[] = graph.edges.map((e) => ({
    id: e.id,
    type: "flow",
    source: e.source,
    target: e.target,
    animated: e.live && e.kind !== "dead_letter",
    // In user space: an arrow scaled by stroke width would swamp the thick edges.
    markerEnd: {
      type: MarkerType.ArrowClosed,
      color: HEALTH_COLOR[e.health],
      width: 14,
      height: 14,
      markerUnits: "userSpaceOnUse",
    },
    data: {
      edge: e,
      sourceName: names.get(e.source) ?? e.source,
      targetName: names.get(e.target) ?? e.target,
      selected: e.id === selected,
      dimmed: near !== null && !near.has(e.id),
      showLabel: zoom >= LABEL_ZOOM || e.id === selected,
      onSelect,
    },
  }));

  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      edgeTypes={edgeTypes}
      minZoom={0.1}
      maxZoom={2}
      nodesDraggable={false}
      nodesConnectable={false}
      nodesFocusable={false}
      edgesFocusable={false}
      elementsSelectable={false}
      onEdgeClick={(_, edge) => onSelect(edge.id)}
      onPaneClick={() => selected && onSelect("")}
      aria-label="Flow graph"
    >
      <Background gap={20} size={1} />
      <Controls showInteractive={false} position="bottom-right" />
      {graph.nodes.length > 12 && (
        <MiniMap
          pannable
          zoomable
          position="top-right"
          ariaLabel="Overview of the flow graph"
          nodeStrokeWidth={2}
          style={{ width: 150, height: 90 }}
        />
      )}
    </ReactFlow>
  );
}
