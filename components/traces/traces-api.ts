// The traces pages' calls to the traces API: TanStack Query keys and fetchers. The JSON shapes are
// the shared contract of lib/traces/api-types.ts.
import { traceSearchParams, type TraceFilters } from "@/components/traces/trace-filters";
import { apiFetch } from "@/lib/http/api-client";
import type { TraceDetail, TraceList } from "@/lib/traces/api-types";

export const PAGE_SIZE = 50;

export const traceKeys = {
  all: ["traces"] as const,
  search: (f: TraceFilters) => ["traces", "search", f] as const,
  detail: (traceId: string) => ["traces", "trace", traceId] as const,
};

export function fetchTraces(f: TraceFilters, cursor: string | undefined, signal: AbortSignal) {
  const q = traceSearchParams(f);
  q.set("limit", String(PAGE_SIZE));
  if (cursor) q.set("cursor", cursor);
  return apiFetch<TraceList>(`/api/v1/traces?${q}`, { signal });
}

export function fetchTrace(traceId: string, signal: AbortSignal) {
  return apiFetch<TraceDetail>(`/api/v1/traces/${encodeURIComponent(traceId)}`, { signal });
}
