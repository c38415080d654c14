// The Latency page's calls: TanStack Query keys and fetchers for GET /api/v1/latency and
// /api/v1/latency/scopes (shapes in lib/latency/api-types.ts).
import { latencyApiQuery, type LatencyParams } from "@/components/latency/latency-params";
import { apiFetch } from "@/lib/http/api-client";
import type { LatencyResult, LatencyScopes } from "@/lib/latency/api-types";

export const latencyKeys = {
  all: ["latency"] as const,
  scopes: ["latency", "scopes"] as const,
  series: (p: LatencyParams) => ["latency", "series", latencyApiQuery(p).toString()] as const,
};

export function fetchLatency(p: LatencyParams, signal: AbortSignal) {
  return apiFetch<LatencyResult>(`/api/v1/latency?${latencyApiQuery(p)}`, { signal });
}

export function fetchLatencyScopes(signal: AbortSignal) {
  return apiFetch<LatencyScopes>("/api/v1/latency/scopes", { signal });
}
