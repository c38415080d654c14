// The event type page's two reads — the type (stats, links, violations, samples) and its schema
// versions — and the refresh after a change made on the page.
"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { catalogKeys, fetchEventType, fetchSchemas } from "@/components/catalog/catalog-api";
import { ApiError } from "@/lib/http/api-client";

/** Stats and last seen move with traffic: re-read now and then. */
const REFETCH_MS = 30_000;

const notFound = (err: unknown) => err instanceof ApiError && err.status === 404;

export function useEventType(name: string) {
  const detail = useQuery({
    queryKey: catalogKeys.detail(name),
    queryFn: ({ signal }) => fetchEventType(name, signal),
    refetchInterval: REFETCH_MS,
    retry: (count, err) => !notFound(err) && count < 2,
  });
  const schemas = useQuery({
    queryKey: catalogKeys.schemas(name),
    queryFn: ({ signal }) => fetchSchemas(name, signal),
    // Oldest first, whatever order the server lists them in: the pages count on it.
    select: (list) => ({ ...list, versions: list.versions.toSorted((a, b) => a.version - b.version) }),
    refetchInterval: REFETCH_MS,
    retry: (count, err) => !notFound(err) && count < 2,
  });
  return { detail, schemas, notFound: notFound(detail.error) };
}

/** After an edit: the type, its versions and the list (whose rows show the same facts). */
export function useRefreshCatalog() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: catalogKeys.all });
}
