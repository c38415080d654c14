// The DLQ pages' calls to the dead-letters API: TanStack Query keys and fetchers. The JSON shapes
// are the shared contract of lib/dead-letters/api-types.ts.
import { filterParams, type DlqFilters } from "@/components/dlq/dlq-filters";
import type {
  DeadLetterDetail,
  DeadLetterFacets,
  DeadLetterGroups,
  DeadLetterList,
} from "@/lib/dead-letters/api-types";
import type { DeadLetterSort, GroupSort } from "@/lib/dead-letters/schemas";
import { apiFetch } from "@/lib/http/api-client";

export const PAGE_SIZE = 50;

/** Everything under `all` is refetched when the deadLetters live hint arrives. */
export const dlqKeys = {
  all: ["dead-letters"] as const,
  list: (f: DlqFilters, sort: DeadLetterSort, order: string) =>
    ["dead-letters", "list", f, sort, order] as const,
  groups: (f: DlqFilters, sort: GroupSort) => ["dead-letters", "groups", f, sort] as const,
  facets: (state: string) => ["dead-letters", "facets", state] as const,
  detail: (id: string) => ["dead-letters", "detail", id] as const,
};

export function fetchDeadLetters(
  f: DlqFilters,
  sort: DeadLetterSort,
  order: "asc" | "desc",
  cursor: string | undefined,
  signal: AbortSignal,
) {
  const q = filterParams(f);
  q.set("sort", sort);
  q.set("order", order);
  q.set("limit", String(PAGE_SIZE));
  if (cursor) q.set("cursor", cursor);
  return apiFetch<DeadLetterList>(`/api/v1/dead-letters?${q}`, { signal });
}

export function fetchGroups(f: DlqFilters, sort: GroupSort, signal: AbortSignal) {
  const q = filterParams(f);
  q.set("sort", sort);
  return apiFetch<DeadLetterGroups>(`/api/v1/dead-letters/groups?${q}`, { signal });
}

/** The dropdowns' choices: every broker, DLQ, type and reason in the chosen state(s). */
export function fetchFacets(state: string, signal: AbortSignal) {
  const q = new URLSearchParams();
  if (state) q.set("state", state);
  return apiFetch<DeadLetterFacets>(`/api/v1/dead-letters/facets?${q}`, { signal });
}

export function fetchDeadLetter(id: string, signal: AbortSignal) {
  return apiFetch<DeadLetterDetail>(`/api/v1/dead-letters/${encodeURIComponent(id)}`, { signal });
}
