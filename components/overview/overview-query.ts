// The Overview's TanStack Query key and fetcher (GET /api/v1/overview, the same read model the
// server page renders first).
import type { OverviewData } from "@/lib/overview/types";

export const OVERVIEW_QUERY_KEY = ["overview"] as const;

export async function fetchOverview(): Promise<OverviewData> {
  const res = await fetch("/api/v1/overview", { cache: "no-store", headers: { accept: "application/json" } });
  if (!res.ok) throw new Error(`GET /api/v1/overview failed: ${res.status}`);
  return (await res.json()) as OverviewData;
}
