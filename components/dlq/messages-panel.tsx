// The Messages view of the DLQ page: the list on its keyset cursor ("Load more"), the selection
// toolbar, and the states — loading, nothing yet, no match, failed.
"use client";

import { Inbox } from "lucide-react";
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { BulkActions } from "@/components/dlq/bulk-actions";
import { BulkToolbar } from "@/components/dlq/bulk-toolbar";
import { dlqKeys, fetchDeadLetters } from "@/components/dlq/dlq-api";
import { EMPTY_FILTERS, isFiltered, type DlqPageState } from "@/components/dlq/dlq-filters";
import { DlqRowsSkeleton } from "@/components/dlq/dlq-skeleton";
import { DeadLettersTable } from "@/components/dlq/dead-letters-table";
import { NoMatch } from "@/components/dlq/no-match";
import { NO_SELECTION, toggleId, togglePage, type Selection } from "@/components/dlq/selection";
import { EmptyState } from "@/components/ui/empty-state";
import { LoadError } from "@/components/ui/load-error";
import { LoadMore } from "@/components/ui/load-more";
import { formatCount } from "@/lib/overview/format";

type Props = {
  state: DlqPageState;
  onChange: (next: DlqPageState) => void;
  selection: Selection;
  onSelect: (next: Selection) => void;
};

export function MessagesPanel({ state, onChange, selection, onSelect }: Props) {
  const { filters, sort, order } = state;
  const q = useInfiniteQuery({
    queryKey: dlqKeys.list(filters, sort, order),
    queryFn: ({ pageParam, signal }) => fetchDeadLetters(filters, sort, order, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    retry: (n, err) => n < 2 && !("status" in err && err.status === 400),
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const total = q.data?.pages[0]?.total ?? null;
  const filtered = isFiltered(filters);

  if (q.isError && !q.data)
    return (
      <LoadError
        title="The dead letters could not be loaded"
        error={q.error}
        onRetry={() => void q.refetch()}
      />
    );
  if (!q.data) return <DlqRowsSkeleton />;
  if (items.length === 0)
    return filtered ? (
      <NoMatch what="dead letter" onClear={() => onChange({ ...state, filters: EMPTY_FILTERS })} />
    ) : (
      <EmptyState icon={Inbox} title="No dead letters">
        <p>
          Nothing has been dead-lettered, or everything was reprocessed or discarded. Collectors store each
          message their brokers dead-letter here, in full; new ones appear without a reload.
        </p>
      </EmptyState>
    );
  return (
    <>
      <BulkToolbar
        selection={selection}
        matching={total}
        onSelectAllMatching={() => onSelect({ kind: "filter", filter: filters })}
        onClear={() => onSelect(NO_SELECTION)}
        actions={
          <BulkActions
            selection={selection}
            matching={total}
            discarded={filters.state === "discarded"}
            onDone={() => onSelect(NO_SELECTION)}
          />
        }
      />
      <DeadLettersTable
        items={items}
        stale={q.isPlaceholderData}
        sort={sort}
        order={order}
        onSort={(s, o) => onChange({ ...state, sort: s, order: o })}
        selection={selection}
        onToggle={(id) => onSelect(toggleId(selection, id))}
        onTogglePage={() =>
          onSelect(
            togglePage(
              selection,
              items.map((d) => d.id),
            ),
          )
        }
      />
      <LoadMore pages={q}>
        <span className="tabular-nums">
          Showing {formatCount(items.length)}
          {total && ` of ${formatCount(total.count)}${total.capped ? "+" : ""}`}
        </span>
      </LoadMore>
    </>
  );
}
