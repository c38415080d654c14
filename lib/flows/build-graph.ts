// Turns the window's rollup sums (one row per edge × event type) into the flow graph: nodes for
// services, channels and dead-letter queues, edges with rate, error rate, latency percentiles and
// lag, filtered to a neighbourhood. Pure: get-flow-graph.ts does the SQL, tests feed rows here.
import type { EdgeKind, FlowEdge, FlowFacets, FlowNode, Percentiles } from "@/lib/flows/api-types";
import { edgeHealth } from "@/lib/flows/thresholds";
import { histogramQuantile, mergeHistograms } from "@/lib/latency/buckets";

export type RollupSum = {
  edge: EdgeKind;
  channelId: number;
  serviceId: number;
  typeId: number;
  count: number;
  errors: number;
  bytes: number;
  latency: number[];
  e2e: number[];
  live: boolean;
};

export type ChannelDim = {
  id: number;
  name: string;
  broker: string;
  isDeadLetter: boolean;
  deadLetterOfId: number | null;
};

export type Dimensions = {
  channels: ReadonlyMap<number, ChannelDim>;
  services: ReadonlyMap<number, string>;
  types: ReadonlyMap<number, string>;
};

/** A broker gauge: consumerId 0 is the channel as a whole. */
export type GaugeValue = { channelId: number; consumerId: number; name: string; value: number };

export type GraphFilters = { broker?: string; type?: string; service?: string; channel?: string };

export const UNKNOWN_SERVICE = "unknown service";

export function percentiles(hist: readonly number[]): Percentiles {
  return {
    p50: histogramQuantile(hist, 0.5),
    p95: histogramQuantile(hist, 0.95),
    p99: histogramQuantile(hist, 0.99),
  };
}

/** The DLQ node a channel's dead letters go to: its known dead-letter channel, else a synthetic one. */
export function dlqNodeOf(channelId: number, dlqOf: ReadonlyMap<number, number>): string {
  const dlq = dlqOf.get(channelId);
  return dlq === undefined ? `dlq:${channelId}` : `ch:${dlq}`;
}

export function edgeIdOf(kind: EdgeKind, channelId: number, serviceId: number): string {
  if (kind === "produce") return `produce:${serviceId}:${channelId}`;
  if (kind === "consume") return `consume:${channelId}:${serviceId}`;
  return `dead_letter:${channelId}`;
}

type EdgeAcc = {
  kind: EdgeKind;
  channelId: number;
  serviceId: number;
  count: number;
  errors: number;
  bytes: number;
  latency: number[];
  e2e: number[];
  types: Set<string>;
  live: boolean;
};

/** The channels the filters keep: every edge of a kept channel stays, so its neighbours show. */
function focusChannels(rows: readonly RollupSum[], dims: Dimensions, f: GraphFilters): Set<number> | null {
  if (!f.broker && !f.service && !f.channel) return null;
  const keep = new Set<number>();
  const serviceId =
    f.service === undefined ? undefined : [...dims.services].find(([, n]) => n === f.service)?.[0];
  for (const r of rows) {
    const ch = dims.channels.get(r.channelId);
    if (!ch) continue;
    if (f.broker !== undefined && ch.broker !== f.broker) continue;
    if (f.channel !== undefined && ch.name !== f.channel) continue;
    if (f.service !== undefined && (r.edge === "dead_letter" || r.serviceId !== serviceId)) continue;
    keep.add(r.channelId);
  }
  return keep;
}

function facetsOf(rows: readonly RollupSum[], dims: Dimensions): FlowFacets {
  const brokers = new Set<string>();
  const types = new Set<string>();
  const services = new Set<string>();
  const channels = new Set<string>();
  for (const r of rows) {
    const ch = dims.channels.get(r.channelId);
    if (ch) {
      brokers.add(ch.broker);
      channels.add(ch.name);
    }
    const type = dims.types.get(r.typeId);
    if (type) types.add(type);
    const svc = dims.services.get(r.serviceId);
    if (r.edge !== "dead_letter" && svc) services.add(svc);
  }
  const sorted = (s: Set<string>) => [...s].sort((a, b) => a.localeCompare(b));
  return {
    brokers: sorted(brokers),
    types: sorted(types),
    services: sorted(services),
    channels: sorted(channels),
  };
}

export function buildFlowGraph(
  rows: readonly RollupSum[],
  dims: Dimensions,
  gauges: readonly GaugeValue[],
  seconds: number,
  filters: GraphFilters = {},
): { nodes: FlowNode[]; edges: FlowEdge[]; facets: FlowFacets } {
  const typeId =
    filters.type === undefined ? undefined : ([...dims.types].find(([, n]) => n === filters.type)?.[0] ?? -1);
  const typed = typeId === undefined ? rows : rows.filter((r) => r.typeId === typeId);
  const focus = focusChannels(typed, dims, filters);
  const kept = focus ? typed.filter((r) => focus.has(r.channelId)) : typed;

  const dlqOf = new Map<number, number>();
  for (const ch of [...dims.channels.values()].sort((a, b) => a.id - b.id))
    if (ch.deadLetterOfId !== null && !dlqOf.has(ch.deadLetterOfId)) dlqOf.set(ch.deadLetterOfId, ch.id);

  const accs = new Map<string, EdgeAcc>();
  for (const r of kept) {
    // A dead letter whose original channel is unknown is keyed by the DLQ itself: no edge to draw.
    if (r.edge === "dead_letter" && dims.channels.get(r.channelId)?.isDeadLetter) continue;
    const id = edgeIdOf(r.edge, r.channelId, r.serviceId);
    let acc = accs.get(id);
    if (!acc) {
      acc = {
        kind: r.edge,
        channelId: r.channelId,
        serviceId: r.serviceId,
        count: 0,
        errors: 0,
        bytes: 0,
        latency: [],
        e2e: [],
        types: new Set(),
        live: false,
      };
      accs.set(id, acc);
    }
    acc.count += r.count;
    acc.errors += r.errors;
    acc.bytes += r.bytes;
    acc.latency = mergeHistograms(acc.latency, r.latency);
    acc.e2e = mergeHistograms(acc.e2e, r.e2e);
    acc.live ||= r.live;
    const type = dims.types.get(r.typeId);
    if (type) acc.types.add(type);
  }

  const gaugeMap = new Map(gauges.map((g) => [`${g.channelId}:${g.consumerId}:${g.name}`, g.value]));
  const gauge = (channelId: number, consumerId: number, name: string) =>
    gaugeMap.get(`${channelId}:${consumerId}:${name}`) ?? null;

  const nodes = new Map<string, FlowNode>();
  const node = (id: string, make: () => Omit<FlowNode, "id" | "inRate" | "outRate" | "live">): FlowNode => {
    let n = nodes.get(id);
    if (!n) {
      n = { id, inRate: 0, outRate: 0, live: false, ...make() };
      nodes.set(id, n);
    }
    return n;
  };
  const serviceNode = (serviceId: number) =>
    node(`svc:${serviceId}`, () => ({
      kind: "service",
      name: dims.services.get(serviceId) ?? UNKNOWN_SERVICE,
      broker: null,
      depth: null,
      lag: null,
    }));
  const channelNode = (channelId: number) => {
    const ch = dims.channels.get(channelId);
    return node(`ch:${channelId}`, () => ({
      kind: ch?.isDeadLetter ? "dlq" : "channel",
      name: ch?.name ?? `channel ${channelId}`,
      broker: ch?.broker ?? null,
      depth: gauge(channelId, 0, "depth"),
      lag: gauge(channelId, 0, "lag"),
    }));
  };
  const dlqNode = (channelId: number) => {
    const id = dlqNodeOf(channelId, dlqOf);
    if (id.startsWith("ch:")) return channelNode(Number(id.slice(3)));
    const ch = dims.channels.get(channelId);
    return node(id, () => ({
      kind: "dlq",
      name: `${ch?.name ?? `channel ${channelId}`} (dead letters)`,
      broker: ch?.broker ?? null,
      depth: null,
      lag: null,
    }));
  };

  const edges: FlowEdge[] = [];
  for (const [id, a] of accs) {
    const rate = a.count / Math.max(1, seconds);
    const channel = channelNode(a.channelId);
    let source: FlowNode;
    let target: FlowNode;
    if (a.kind === "produce") [source, target] = [serviceNode(a.serviceId), channel];
    else if (a.kind === "consume") [source, target] = [channel, serviceNode(a.serviceId)];
    else [source, target] = [channel, dlqNode(a.channelId)];
    source.outRate += rate;
    target.inRate += rate;
    source.live ||= a.live;
    target.live ||= a.live;
    const errorRate = a.count === 0 ? 0 : a.errors / a.count;
    const latency = percentiles(a.latency);
    const e2e = a.kind === "consume" ? percentiles(a.e2e) : null;
    edges.push({
      id,
      kind: a.kind,
      source: source.id,
      target: target.id,
      channelId: a.channelId,
      serviceId: a.kind === "dead_letter" ? null : a.serviceId,
      count: a.count,
      errors: a.errors,
      bytes: a.bytes,
      rate,
      errorRate,
      latency,
      e2e,
      lag: a.kind === "consume" ? gauge(a.channelId, a.serviceId, "lag") : null,
      types: [...a.types].sort((x, y) => x.localeCompare(y)),
      live: a.live,
      health: edgeHealth(a.count, errorRate, latency, e2e),
    });
  }
  edges.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const sortedNodes = [...nodes.values()].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return { nodes: sortedNodes, edges, facets: facetsOf(rows, dims) };
}
