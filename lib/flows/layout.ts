// The flow graph's automatic layered layout (dagre, left → right: producers, channels, consumers,
// dead-letter queues). Positions depend only on the set of nodes and edges (`topologyKey`), never
// on the numbers, so live updates change labels in place without moving anything.
import dagre from "@dagrejs/dagre";

export const NODE_WIDTH = 190;
export const NODE_HEIGHT = 56;

export type LayoutInput = {
  nodes: readonly { id: string }[];
  edges: readonly { source: string; target: string }[];
};
export type Position = { x: number; y: number };

/** Names the topology: equal keys, equal layouts. */
export function topologyKey(g: LayoutInput): string {
  const nodes = g.nodes.map((n) => n.id).sort();
  const edges = g.edges.map((e) => `${e.source}>${e.target}`).sort();
  return `${nodes.join(",")}|${edges.join(",")}`;
}

/** Top-left corner of each node box. */
export function layoutFlow(g: LayoutInput): Map<string, Position> {
  const d = new dagre.graphlib.Graph({ multigraph: false });
  d.setGraph({ rankdir: "LR", nodesep: 24, ranksep: 110, marginx: 16, marginy: 16 });
  d.setDefaultEdgeLabel(() => ({}));
  // Sorted input: dagre's result depends on insertion order, and the API's order could change.
  for (const n of [...g.nodes].sort((a, b) => a.id.localeCompare(b.id)))
    d.setNode(n.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const e of [...g.edges].sort((a, b) =>
    `${a.source}>${a.target}`.localeCompare(`${b.source}>${b.target}`),
  ))
    if (d.hasNode(e.source) && d.hasNode(e.target)) d.setEdge(e.source, e.target);
  dagre.layout(d);
  const out = new Map<string, Position>();
  for (const id of d.nodes()) {
    const n = d.node(id);
    out.set(id, { x: n.x - NODE_WIDTH / 2, y: n.y - NODE_HEIGHT / 2 });
  }
  return out;
}
