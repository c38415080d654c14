// The flows page's calls to the flows API, its TanStack Query keys, and the page's URL state
// (window, filters, selection) as the app's other pages link to it.
import { FLOW_WINDOWS, type FlowEdgeDetail, type FlowGraph, type FlowWindow } from "@/lib/flows/api-types";
import { apiFetch } from "@/lib/http/api-client";

export const FILTER_KEYS = ["broker", "type", "service", "channel"] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export type FlowParams = { window: FlowWindow; select: string } & Record<FilterKey, string>;

export const DEFAULT_WINDOW: FlowWindow = "15m";

export function parseFlowParams(q: URLSearchParams): FlowParams {
  const w = q.get("window");
  const text = (k: string) => (q.get(k) ?? "").trim().slice(0, 300);
  return {
    window: FLOW_WINDOWS.includes(w as FlowWindow) ? (w as FlowWindow) : DEFAULT_WINDOW,
    broker: text("broker"),
    type: text("type"),
    service: text("service"),
    channel: text("channel"),
    select: text("select"),
  };
}

/** The page's query string: defaults and empty values left out. */
export function flowSearchParams(p: FlowParams): URLSearchParams {
  const q = new URLSearchParams();
  if (p.window !== DEFAULT_WINDOW) q.set("window", p.window);
  for (const k of FILTER_KEYS) if (p[k]) q.set(k, p[k]);
  if (p.select) q.set("select", p.select);
  return q;
}

export const flowKeys = {
  all: ["flows"] as const,
  graph: (p: Omit<FlowParams, "select">) => ["flows", "graph", p] as const,
  edge: (id: string, window: FlowWindow) => ["flows", "edge", id, window] as const,
};

export function fetchFlowGraph(p: Omit<FlowParams, "select">, signal: AbortSignal) {
  const q = new URLSearchParams({ window: p.window });
  for (const k of FILTER_KEYS) if (p[k]) q.set(k, p[k]);
  return apiFetch<FlowGraph>(`/api/v1/flows?${q}`, { signal });
}

export function fetchFlowEdge(id: string, window: FlowWindow, signal: AbortSignal) {
  return apiFetch<FlowEdgeDetail>(`/api/v1/flows/edge?${new URLSearchParams({ id, window })}`, { signal });
}

export const WINDOW_LABELS: Record<FlowWindow, string> = {
  live: "Live",
  "15m": "15 min",
  "1h": "1 h",
  "24h": "24 h",
  "7d": "7 d",
};

/** Links from a flow to the other pages (the DLQ page comes in a later issue; linked anyway). */
export const links = {
  catalog: (type: string) => `/catalog/${encodeURIComponent(type)}`,
  dlq: (channel: string, type?: string) =>
    `/dlq?${new URLSearchParams({ channel, ...(type ? { type } : {}) })}`,
  latency: (o: { channelId?: number; service?: string; edge?: "produce" | "consume" }) => {
    const q = new URLSearchParams();
    if (o.channelId !== undefined) q.set("channel", String(o.channelId));
    if (o.service) q.set("service", o.service);
    if (o.edge) q.set("edge", o.edge);
    return `/latency?${q}`;
  },
  traces: (service: string) => `/traces?${new URLSearchParams({ service })}`,
};
