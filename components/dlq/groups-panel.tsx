// The Groups view of the DLQ page: dead letters counted per failure signature under the filter,
// by count or last seen; a group's checkbox selects it whole for the bulk actions.
"use client";

import { Layers } from "lucide-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useCan } from "@/components/auth/viewer-context";
import { BulkActions } from "@/components/dlq/bulk-actions";
import { BulkToolbar } from "@/components/dlq/bulk-toolbar";
import { dlqKeys, fetchGroups } from "@/components/dlq/dlq-api";
import { EMPTY_FILTERS, isFiltered, type DlqPageState } from "@/components/dlq/dlq-filters";
import { DlqRowsSkeleton } from "@/components/dlq/dlq-skeleton";
import { GroupsTable } from "@/components/dlq/groups-table";
import { NoMatch } from "@/components/dlq/no-match";
import { ReprocessGroupButton } from "@/components/dlq/reprocess-group-button";
import { NO_SELECTION, type Selection } from "@/components/dlq/selection";
import { EmptyState } from "@/components/ui/empty-state";
import { LoadError } from "@/components/ui/load-error";
import { formatCount } from "@/lib/overview/format";

type Props = {
  state: DlqPageState;
  onChange: (next: DlqPageState) => void;
  selection: Selection;
  onSelect: (next: Selection) => void;
};

export function GroupsPanel({ state, onChange, selection, onSelect }: Props) {
  const { filters, groupSort } = state;
  const canReprocess = useCan("dlq:reprocess");
  const q = useQuery({
    queryKey: dlqKeys.groups(filters, groupSort),
    queryFn: ({ signal }) => fetchGroups(filters, groupSort, signal),
    placeholderData: keepPreviousData,
    retry: (n, err) => n < 2 && !("status" in err && err.status === 400),
  });
  if (q.isError && !q.data)
    return (
      <LoadError
        title="The failure groups could not be loaded"
        error={q.error}
        onRetry={() => void q.refetch()}
      />
    );
  if (!q.data) return <DlqRowsSkeleton label="Loading failure groups" />;
  const { groups, totalGroups } = q.data;
  if (groups.length === 0)
    return isFiltered(filters) ? (
      <NoMatch what="failure group" onClear={() => onChange({ ...state, filters: EMPTY_FILTERS })} />
    ) : (
      <EmptyState icon={Layers} title="No failure groups">
        <p>
          Dead letters with the same type, reason and error text (ids and numbers aside) are grouped here.
        </p>
      </EmptyState>
    );
  return (
    <>
      <BulkToolbar
        selection={selection}
        matching={null}
        onClear={() => onSelect(NO_SELECTION)}
        actions={
          <BulkActions
            selection={selection}
            matching={null}
            discarded={filters.state === "discarded"}
            onDone={() => onSelect(NO_SELECTION)}
          />
        }
      />
      <GroupsTable
        groups={groups}
        stale={q.isPlaceholderData}
        sort={groupSort}
        onSort={(s) => onChange({ ...state, groupSort: s })}
        selection={selection}
        // Discarded groups are restored from the toolbar; reprocessing would skip every member.
        rowActions={
          canReprocess && filters.state !== "discarded" ? (g) => <ReprocessGroupButton g={g} /> : undefined
        }
        onSelectGroup={(groupId) =>
          onSelect(
            selection.kind === "group" && selection.groupId === groupId
              ? NO_SELECTION
              : { kind: "group", groupId },
          )
        }
      />
      <p className="border-t border-line px-4 py-3 text-center text-sm text-fg-subtle tabular-nums">
        {totalGroups > groups.length
          ? `The ${formatCount(groups.length)} biggest of ${formatCount(totalGroups)} groups`
          : `${formatCount(totalGroups)} ${totalGroups === 1 ? "group" : "groups"}`}
      </p>
    </>
  );
}
