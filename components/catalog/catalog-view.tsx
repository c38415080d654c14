// The catalog list's client side: search and filters in the URL, the server's pages on its cursor
// ("Load more"), the total, and the states — loading, nothing yet, no match, failed. Import
// AsyncAPI for those who edit the catalog; Export for everyone.
"use client";

import { useState } from "react";
import Link from "next/link";
import { FileUp, Library, SearchX } from "lucide-react";
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { Can } from "@/components/auth/viewer-context";
import { catalogKeys, fetchEventTypes } from "@/components/catalog/catalog-api";
import { CatalogRowsSkeleton } from "@/components/catalog/catalog-skeleton";
import { CatalogTable } from "@/components/catalog/catalog-table";
import { CatalogToolbar } from "@/components/catalog/catalog-toolbar";
import { ExportMenu } from "@/components/catalog/export-menu";
import { ImportAsyncApiDialog } from "@/components/catalog/import-asyncapi-dialog";
import { clearedFilters, isFiltered } from "@/components/catalog/list-filters";
import { useNow } from "@/components/catalog/seen-ago";
import { useListFilters } from "@/components/catalog/use-list-filters";
import { QueryStates } from "@/components/ui/query-states";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { formatCount } from "@/lib/overview/format";
import { LoadMore } from "@/components/ui/load-more";

/** Throughput and last seen move: re-read the loaded pages now and then. */
const REFETCH_MS = 60_000;

export function CatalogView() {
  const { filters, search, setSearch, update } = useListFilters();
  const [importing, setImporting] = useState(false);
  const now = useNow();
  const q = useInfiniteQuery({
    queryKey: catalogKeys.list(filters),
    queryFn: ({ pageParam, signal }) => fetchEventTypes(filters, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    refetchInterval: REFETCH_MS,
  });
  const first = q.data?.pages[0];
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const total = first?.total ?? 0;
  const filtered = isFiltered(filters);

  return (
    <Card as="section" aria-labelledby="catalog-title">
      <CardHeader
        id="catalog-title"
        title="Event types"
        hint={
          first
            ? `${formatCount(total)} ${total === 1 ? "type" : "types"}${filtered ? " match" : ""}`
            : undefined
        }
        actions={
          <>
            <Can permission="catalog:edit">
              <Button
                size="sm"
                icon={<FileUp className="size-3.5" aria-hidden />}
                onClick={() => setImporting(true)}
                aria-label="Import AsyncAPI"
              >
                {/* On phones the icon (named for screen readers) leaves the header room for Export. */}
                <span className="hidden sm:inline">Import AsyncAPI</span>
              </Button>
            </Can>
            <ExportMenu />
          </>
        }
      />
      <CatalogToolbar
        filters={filters}
        search={search}
        onSearch={setSearch}
        onChange={update}
        facets={first?.facets}
      />
      <QueryStates
        query={q}
        failed="The catalog could not be loaded"
        loading={<CatalogRowsSkeleton />}
        empty={
          items.length === 0 &&
          (filtered ? (
            <EmptyState icon={SearchX} title="No event type matches">
              <p>Try a shorter search or fewer filters.</p>
              <Button className="mt-3" onClick={() => update(clearedFilters(filters))}>
                Clear filters
              </Button>
            </EmptyState>
          ) : (
            <EmptyState icon={Library} title="No event types yet">
              <p>
                Event types appear here as soon as their first events arrive. Point a collector at your broker
                (
                <Link
                  href="/collectors"
                  className="font-medium text-accent underline-offset-2 hover:underline"
                >
                  Collectors
                </Link>
                ) or start Eventscope with the demo source (<code className="font-mono text-fg">DEMO=on</code>
                ).
              </p>
            </EmptyState>
          ))
        }
      >
        <CatalogTable items={items} now={now} filters={filters} stale={q.isPlaceholderData} />
        <LoadMore pages={q}>
          <span className="tabular-nums">
            Showing {formatCount(items.length)} of {formatCount(total)}
          </span>
        </LoadMore>
      </QueryStates>
      <Can permission="catalog:edit">
        <ImportAsyncApiDialog open={importing} onClose={() => setImporting(false)} />
      </Can>
    </Card>
  );
}
