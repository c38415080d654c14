// The flow graph's automatic layered layout (dagre, left → right: producers, channels, consumers,
// dead-letter queues). Positions depend only on the set of nodes and edges (`topologyKey`), never
// on the numbers, so live updates change labels in place without moving anything.
import dagre from "@dagrejs/dagre";

export const NODE_WIDTH = 176;
export const NODE_HEIGHT = 52;
/**
 * The first view's lowest zoom: node names (13 px) show at 11 px. At 0.6 they were under 8 px, so
 * the demo's eleven ranks opened as a strip of unreadable boxes; now the flow's start opens readable
 * and the minimap, search and Fit view reach the rest.
 */
export const READABLE_ZOOM = 0.85;
/** Below this zoom the edges' rate labels would pile up unreadably: colour and width still tell. */
export const LABEL_ZOOM = 0.55;

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
  d.setGraph({ rankdir: "LR", nodesep: 20, ranksep: 72, marginx: 16, marginy: 16 });
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

export type Viewport = { x: number; y: number; zoom: number };

/**
 * The first view of a layout in a canvas of width × height: the whole graph when it fits at a
 * readable zoom (centred), else readable zoom from its left edge (producers first: the flow reads
 * left to right; the minimap and search reach the rest), centred vertically when it fits.
 */
export function initialViewport(
  positions: ReadonlyMap<string, Position>,
  width: number,
  height: number,
): Viewport {
  if (positions.size === 0 || width <= 0 || height <= 0) return { x: 0, y: 0, zoom: 1 };
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (const p of positions.values()) {
    minX = Math.min(minX, p.x);
    minY = Math.min(minY, p.y);
    maxX = Math.max(maxX, p.x + NODE_WIDTH);
    maxY = Math.max(maxY, p.y + NODE_HEIGHT);
  }
  const pad = 24;
  const bw = maxX - minX;
  const bh = maxY - minY;
  const fit = Math.min((width - 2 * pad) / bw, (height - 2 * pad) / bh);
  const zoom = Math.min(1.1, Math.max(READABLE_ZOOM, fit));
  const x = bw * zoom <= width - 2 * pad ? (width - bw * zoom) / 2 - minX * zoom : pad - minX * zoom;
  const y = bh * zoom <= height - 2 * pad ? (height - bh * zoom) / 2 - minY * zoom : pad - minY * zoom;
  return { x, y, zoom };
}
