// Failure groups, one signature a row: type and reason, the masked error pattern, how many dead
// letters (and in which states), the DLQs involved, first and last seen. The row's link opens the
// group's messages; its checkbox selects the whole group for the bulk actions.
"use client";

import type { ReactNode } from "react";
import clsx from "clsx";
import { groupHref } from "@/components/dlq/dlq-filters";
import type { Selection } from "@/components/dlq/selection";
import { SortHeader } from "@/components/dlq/sort-header";
import { STATE_LABEL } from "@/components/dlq/state-badge";
import {
  FixedBody,
  FixedHead,
  FixedRow,
  FixedTable,
  RowLink,
  wideOnly,
  WIDEST_ONLY,
} from "@/components/ui/fixed-table";
import { LocalTime } from "@/components/ui/local-time";
import type { DeadLetterGroup } from "@/lib/dead-letters/api-types";
import type { DeadLetterState } from "@/lib/dead-letters/filter";
import type { GroupSort } from "@/lib/dead-letters/schemas";
import { formatCount } from "@/lib/overview/format";

// The error pattern (column 2) takes what the others leave. Last seen comes before First seen (as
// in the messages table), and First seen (the last column) shows only from 1 440 px: without it the
// sums are 949 and 989 px, within the ~1 000 px the card has at 1 280 px beside the sidebar; with it
// 1 069 and 1 109 px, under the 1 174 px it has at 1 440 px. A date to the minute needs ~120 px on one
// line with its padding in a wide system font (DejaVu Sans: "28 Dec, 19:35", the current year left
// out); what the dates gave back went to the DLQs' names.
const WIDTHS = [44, 210, 260, 115, 200, 120, 120] as const;
/** With row actions, their column comes after Count, so it shows on small screens too. */
const WIDTHS_WITH_ACTIONS = [44, 180, 230, 105, 145, 165, 120, 120] as const;

const WIDE_ONLY = wideOnly("md");

type Props = {
  groups: DeadLetterGroup[];
  stale: boolean;
  sort: GroupSort;
  onSort: (sort: GroupSort) => void;
  selection: Selection;
  onSelectGroup: (groupId: string) => void;
  /** A group's own buttons (e.g. "Reprocess group"), in a column after Count. */
  rowActions?: (g: DeadLetterGroup) => ReactNode;
};

export function GroupsTable({ groups, stale, sort, onSort, selection, onSelectGroup, rowActions }: Props) {
  const sortProps = { sort, order: "desc" as const, onSort: (s: GroupSort) => onSort(s) };
  return (
    <FixedTable
      label="Failure groups"
      widths={rowActions ? WIDTHS_WITH_ACTIONS : WIDTHS}
      narrow={rowActions ? 5 : 4}
      breakpoint="md"
      flex={2}
      widest={rowActions ? 7 : 6}
      stale={stale}
    >
      <FixedHead>
        <th scope="col" className="pl-4">
          <span className="sr-only">Select</span>
        </th>
        <th scope="col" className="px-3 font-medium">
          Type · reason
        </th>
        <th scope="col" className="px-3 font-medium">
          Error pattern
        </th>
        <SortHeader label="Count" sortKey="count" {...sortProps} className="text-right" />
        {rowActions && (
          <th scope="col" className="px-3">
            <span className="sr-only">Actions</span>
          </th>
        )}
        <th scope="col" className={clsx("px-3 font-medium", WIDE_ONLY)}>
          DLQs
        </th>
        <SortHeader label="Last seen" sortKey="lastSeen" {...sortProps} className={WIDE_ONLY} />
        <th scope="col" className={clsx("px-3 font-medium", WIDEST_ONLY)}>
          First seen
        </th>
      </FixedHead>
      <FixedBody>
        {groups.map((g) => (
          <GroupRow
            key={g.groupId}
            g={g}
            selected={selection.kind === "group" && selection.groupId === g.groupId}
            onSelect={onSelectGroup}
            actions={rowActions?.(g)}
          />
        ))}
      </FixedBody>
    </FixedTable>
  );
}

function stateSummary(states: DeadLetterGroup["states"]): string {
  return Object.entries(states)
    .map(([s, n]) => `${formatCount(n)} ${STATE_LABEL[s as DeadLetterState].toLowerCase()}`)
    .join(" · ");
}

function GroupRow({
  g,
  selected,
  onSelect,
  actions,
}: {
  g: DeadLetterGroup;
  selected: boolean;
  onSelect: (id: string) => void;
  actions?: ReactNode;
}) {
  const title = g.eventType ?? "Untyped messages";
  return (
    <FixedRow className={selected ? "bg-accent-soft/40" : undefined} data-group={g.groupId}>
      <td className="relative z-10 pl-4">
        <input
          type="checkbox"
          aria-label={`Select the group ${title}, ${g.reason}`}
          checked={selected}
          onChange={() => onSelect(g.groupId)}
          className="size-4 rounded border-line-strong accent-[var(--accent)]"
        />
      </td>
      <td className="px-3 py-2">
        <RowLink
          href={groupHref(g.groupId)}
          title={`Show the ${formatCount(g.count)} dead letters of this group`}
        >
          {g.eventType ?? <span className="text-fg-subtle italic">untyped</span>}
        </RowLink>
        <p className="truncate text-xs text-fg-muted">{g.reason}</p>
      </td>
      <td className="px-3 py-2">
        {/* Breaks between words; inside one only when a single token is wider than the column. */}
        <p className="line-clamp-2 font-mono text-xs wrap-break-word text-fg-muted" title={g.errorPattern}>
          {g.errorPattern || <span className="text-fg-subtle">no error text</span>}
        </p>
      </td>
      <td className="px-3 py-2 text-right">
        <p className="font-semibold tabular-nums text-fg">{formatCount(g.count)}</p>
        <p className="truncate text-xs text-fg-subtle" title={stateSummary(g.states)}>
          {stateSummary(g.states)}
        </p>
      </td>
      {actions !== undefined && <td className="relative z-10 px-3 py-2">{actions}</td>}
      <td className={clsx("px-3 py-2", WIDE_ONLY)}>
        <p
          className="truncate font-mono text-xs text-fg"
          title={g.dlqs.map((d) => `${d.broker}/${d.name}`).join(", ")}
        >
          {g.dlqs.map((d) => d.name).join(", ")}
        </p>
        <p className="truncate text-xs text-fg-subtle">
          {[...new Set(g.dlqs.map((d) => d.broker))].join(", ")}
        </p>
      </td>
      {/* To the minute (the seconds are in the title): groups span hours and days. */}
      <td className={clsx("truncate px-3 py-2 text-fg-muted tabular-nums", WIDE_ONLY)}>
        <LocalTime iso={g.lastSeen} format="datetime" />
      </td>
      <td className={clsx("truncate px-3 py-2 text-fg-muted tabular-nums", WIDEST_ONLY)}>
        <LocalTime iso={g.firstSeen} format="datetime" />
      </td>
    </FixedRow>
  );
}
