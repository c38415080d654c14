// The DLQ page's calls to the write side (POST /api/v1/dead-letters/{reprocess,discard,restore,purge},
// GET /api/v1/reprocess[/:id], POST …/:id/cancel): query keys and fetchers. The JSON shapes are the
// server's own types (docs/api.md "Reprocessing").
import { filterParams, type DlqFilters } from "@/components/dlq/dlq-filters";
import { apiFetch } from "@/lib/http/api-client";
import type { ReprocessDestination } from "@/lib/collectors/schemas";
import type { Created, DryRun } from "@/lib/reprocess/create-request";
import type { Discarded } from "@/lib/reprocess/discard";
import type { Restored } from "@/lib/reprocess/restore";
import type { ReprocessRequestDetail, ReprocessRequestSummary } from "@/lib/reprocess/get-request";

export type ApiSelector = { ids: string[] } | { filter: Record<string, string> } | { groupId: string };

/** Everything under `all` is refetched when the reprocess live hint arrives. */
export const reprocessKeys = {
  all: ["reprocess"] as const,
  recent: ["reprocess", "recent"] as const,
  request: (id: string) => ["reprocess", "request", id] as const,
};

/** The filter as the bulk actions' JSON body takes it (the list's query fields, as strings). */
export function apiFilter(f: DlqFilters): Record<string, string> {
  return Object.fromEntries(filterParams(f));
}

export type ReprocessOptions = {
  target?: ReprocessDestination;
  force?: boolean;
  ratePerSecond?: number;
  edit?: { payload?: unknown; headers?: Record<string, unknown> };
};

export function dryRunReprocess(selector: ApiSelector, o: ReprocessOptions, signal?: AbortSignal) {
  return apiFetch<DryRun>("/api/v1/dead-letters/reprocess", {
    method: "POST",
    body: { ...selector, ...o, dryRun: true },
    signal,
  });
}

export function createReprocess(selector: ApiSelector, o: ReprocessOptions, idempotencyKey: string) {
  return apiFetch<Created>("/api/v1/dead-letters/reprocess", {
    method: "POST",
    body: { ...selector, ...o, idempotencyKey },
  });
}

export function fetchReprocessRequest(id: string, signal: AbortSignal) {
  return apiFetch<ReprocessRequestDetail>(`/api/v1/reprocess/${encodeURIComponent(id)}`, { signal });
}

export function fetchRecentRequests(signal: AbortSignal, limit = 5) {
  return apiFetch<{ requests: ReprocessRequestSummary[]; nextCursor: string | null }>(
    `/api/v1/reprocess?limit=${limit}`,
    { signal },
  );
}

export function cancelReprocess(id: string) {
  return apiFetch<{ requestId: string; cancelled: number; stillSending: number }>(
    `/api/v1/reprocess/${encodeURIComponent(id)}/cancel`,
    { method: "POST" },
  );
}

export function discardDeadLetters(selector: ApiSelector, idempotencyKey: string) {
  return apiFetch<Discarded>("/api/v1/dead-letters/discard", {
    method: "POST",
    body: { ...selector, idempotencyKey },
  });
}

export function restoreDeadLetters(selector: ApiSelector, idempotencyKey: string) {
  return apiFetch<Restored>("/api/v1/dead-letters/restore", {
    method: "POST",
    body: { ...selector, idempotencyKey },
  });
}

export function countPurgeable(filter: Record<string, string>, signal: AbortSignal) {
  return apiFetch<{ count: number }>(`/api/v1/dead-letters/purge?${new URLSearchParams(filter)}`, {
    signal,
  });
}

export function purgeDeadLetters(filter: Record<string, string>, confirm: number) {
  return apiFetch<{ purged: number }>("/api/v1/dead-letters/purge", {
    method: "POST",
    body: { filter, confirm },
  });
}

/** How far a request got: finished items (succeeded, failed, cancelled) of its total. */
export function progressOf(r: ReprocessRequestSummary): { done: number; total: number; percent: number } {
  const done = r.succeeded + r.failed + r.cancelled;
  return { done, total: r.total, percent: r.total === 0 ? 100 : Math.round((done / r.total) * 100) };
}

/**
 * How many dead letters a request chose by id, from its stored selector: the ids themselves up to
 * ten, past that their count (lib/reprocess/selector-sql.ts). Null for a filter or group selector.
 */
export function chosenCount(selector: Record<string, unknown>): number | null {
  const ids = selector.ids;
  if (Array.isArray(ids)) return ids.length;
  return typeof ids === "number" ? ids : null;
}
