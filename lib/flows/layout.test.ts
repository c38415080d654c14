// The layered layout: stable for a topology, left → right along the edges, and no two node boxes
// overlap even with 60+ nodes (readability of a large system).
import { describe, expect, it } from "vitest";
import {
  initialViewport,
  layoutFlow,
  NODE_HEIGHT,
  NODE_WIDTH,
  READABLE_ZOOM,
  topologyKey,
  type LayoutInput,
} from "@/lib/flows/layout";

/** `services` services, each producing to one of `channels` channels and consuming two others. */
function bigTopology(services: number, channels: number): LayoutInput {
  const nodes = [
    ...Array.from({ length: services }, (_, i) => ({ id: `svc:${i}` })),
    ...Array.from({ length: channels }, (_, i) => ({ id: `ch:${i}` })),
    ...Array.from({ length: 6 }, (_, i) => ({ id: `dlq:${i}` })),
  ];
  const edges: { source: string; target: string }[] = [];
  for (let i = 0; i < services; i++) {
    edges.push({ source: `svc:${i}`, target: `ch:${i % channels}` });
    edges.push({ source: `ch:${(i * 7 + 3) % channels}`, target: `svc:${(i + 5) % services}` });
    edges.push({ source: `ch:${(i * 11 + 1) % channels}`, target: `svc:${(i + 9) % services}` });
  }
  for (let i = 0; i < 6; i++) edges.push({ source: `ch:${i}`, target: `dlq:${i}` });
  return { nodes, edges };
}

function overlaps(a: { x: number; y: number }, b: { x: number; y: number }): boolean {
  return (
    a.x < b.x + NODE_WIDTH && b.x < a.x + NODE_WIDTH && a.y < b.y + NODE_HEIGHT && b.y < a.y + NODE_HEIGHT
  );
}

describe("layoutFlow", () => {
  it("places 66 nodes without any two boxes overlapping", () => {
    const g = bigTopology(30, 30);
    const pos = layoutFlow(g);
    expect(pos.size).toBe(66);
    const all = [...pos.entries()];
    const clashes: string[] = [];
    for (let i = 0; i < all.length; i++)
      for (let j = i + 1; j < all.length; j++)
        if (overlaps(all[i]![1], all[j]![1])) clashes.push(`${all[i]![0]} × ${all[j]![0]}`);
    expect(clashes).toEqual([]);
  });

  it("lays producers left of their channel and the channel left of its consumer and DLQ", () => {
    const pos = layoutFlow({
      nodes: [{ id: "svc:1" }, { id: "ch:1" }, { id: "svc:2" }, { id: "dlq:1" }],
      edges: [
        { source: "svc:1", target: "ch:1" },
        { source: "ch:1", target: "svc:2" },
        { source: "ch:1", target: "dlq:1" },
      ],
    });
    expect(pos.get("svc:1")!.x).toBeLessThan(pos.get("ch:1")!.x);
    expect(pos.get("ch:1")!.x).toBeLessThan(pos.get("svc:2")!.x);
    expect(pos.get("ch:1")!.x).toBeLessThan(pos.get("dlq:1")!.x);
  });

  it("gives the same positions for the same topology in any order, and names it by key", () => {
    const g = bigTopology(10, 8);
    const shuffled = { nodes: [...g.nodes].reverse(), edges: [...g.edges].reverse() };
    expect(topologyKey(shuffled)).toBe(topologyKey(g));
    expect([...layoutFlow(shuffled)].sort()).toEqual([...layoutFlow(g)].sort());
    const more = { nodes: [...g.nodes, { id: "svc:99" }], edges: g.edges };
    expect(topologyKey(more)).not.toBe(topologyKey(g));
  });
});

describe("initialViewport", () => {
  const small = layoutFlow({ nodes: [{ id: "a" }, { id: "b" }], edges: [{ source: "a", target: "b" }] });

  it("centres a graph that fits, at no more than 110 %", () => {
    const v = initialViewport(small, 1000, 600);
    expect(v.zoom).toBe(1.1);
    const xs = [...small.values()].map((p) => p.x * v.zoom + v.x);
    const left = Math.min(...xs);
    const right = Math.max(...xs) + NODE_WIDTH * v.zoom;
    expect(left).toBeCloseTo(1000 - right, 6);
  });

  it("keeps a wide graph readable, starting from its left edge", () => {
    const wide = layoutFlow(bigTopology(30, 30));
    const v = initialViewport(wide, 800, 500);
    expect(v.zoom).toBe(READABLE_ZOOM);
    const left = Math.min(...[...wide.values()].map((p) => p.x * v.zoom + v.x));
    expect(left).toBeCloseTo(24, 6);
  });
});
