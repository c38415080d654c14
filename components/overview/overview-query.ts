// The Overview's TanStack Query key and fetcher (GET /api/v1/overview, the same read model the
// server page renders first).
import { apiFetch } from "@/lib/http/api-client";
import type { OverviewData } from "@/lib/overview/types";

export const OVERVIEW_QUERY_KEY = ["overview"] as const;

export function fetchOverview(): Promise<OverviewData> {
  return apiFetch<OverviewData>("/api/v1/overview");
}
