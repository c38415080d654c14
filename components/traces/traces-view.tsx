// The trace search page's client side: the form (in the URL), the server's pages on its cursor
// ("Load more"), and the states — loading, nothing yet, no match, failed.
"use client";

import { useCallback } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { SearchX, Waypoints } from "lucide-react";
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import {
  EMPTY_FILTERS,
  isFiltered,
  parseTraceFilters,
  traceSearchParams,
  type TraceFilters,
} from "@/components/traces/trace-filters";
import { TraceSearchForm } from "@/components/traces/trace-search-form";
import { TraceRowsSkeleton } from "@/components/traces/traces-skeleton";
import { fetchTraces, traceKeys } from "@/components/traces/traces-api";
import { TracesTable } from "@/components/traces/traces-table";
import { QueryStates } from "@/components/ui/query-states";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { formatCount } from "@/lib/overview/format";
import { LoadMore } from "@/components/ui/load-more";

export function TracesView() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const urlKey = params.toString();
  const filters = parseTraceFilters(new URLSearchParams(urlKey));
  const search = useCallback(
    (next: TraceFilters) => {
      const qs = traceSearchParams(next).toString();
      router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    [router, pathname],
  );
  const q = useInfiniteQuery({
    queryKey: traceKeys.search(filters),
    queryFn: ({ pageParam, signal }) => fetchTraces(filters, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    retry: (n, err) => n < 2 && !("status" in err && err.status === 400),
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = isFiltered(filters);
  const more = q.hasNextPage;

  return (
    <Card as="section" aria-labelledby="traces-title">
      <CardHeader
        id="traces-title"
        title="Traces"
        hint={
          q.data
            ? `${formatCount(items.length)}${more ? "+" : ""} ${items.length === 1 && !more ? "trace" : "traces"}${filtered ? (items.length === 1 && !more ? " matches" : " match") : ""}, newest first`
            : undefined
        }
      />
      <TraceSearchForm key={urlKey} filters={filters} onSearch={search} />
      <QueryStates
        query={q}
        failed="The traces could not be searched"
        loading={<TraceRowsSkeleton />}
        empty={
          items.length === 0 &&
          (filtered ? (
            <EmptyState icon={SearchX} title="No trace matches">
              <p>Try a wider time window or fewer filters. Ids must match exactly.</p>
              <Button className="mt-3" onClick={() => search(EMPTY_FILTERS)}>
                Clear filters
              </Button>
            </EmptyState>
          ) : (
            <EmptyState icon={Waypoints} title="No traces yet">
              <p>
                Traces appear when collectors see messages carrying a trace context (a{" "}
                <code className="font-mono text-fg">traceparent</code> header), or when your apps export spans
                over OTLP/HTTP to <code className="font-mono text-fg">POST /v1/traces</code> with a collector
                token.
              </p>
            </EmptyState>
          ))
        }
      >
        <TracesTable items={items} stale={q.isPlaceholderData} />
        <LoadMore pages={q}>
          <span className="tabular-nums">Showing {formatCount(items.length)}</span>
        </LoadMore>
      </QueryStates>
    </Card>
  );
}
