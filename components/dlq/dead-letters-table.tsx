// The DLQ list, one dead letter a row: a checkbox (the bulk actions' selection), type and original
// destination, reason and error, DLQ, state, attempts, last and first failure. The row's link covers
// the row (Enter or a click opens the detail); Up and Down move between rows. Fixed column widths,
// so refetches (live, Load more) never shift the layout.
"use client";

import { memo } from "react";
import clsx from "clsx";
import { deadLetterHref } from "@/components/dlq/dlq-filters";
import { isSelected, type Selection } from "@/components/dlq/selection";
import { SortHeader } from "@/components/dlq/sort-header";
import { StateBadge } from "@/components/dlq/state-badge";
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
import type { DeadLetterListItem } from "@/lib/dead-letters/api-types";
import type { DeadLetterSort } from "@/lib/dead-letters/schemas";
import { formatBytes, formatCount } from "@/lib/overview/format";

// Reason · error (column 2) takes what the others leave; the sum, 1 125 px, fits the 1 174 px the
// page has at 1 440 px wide. On one line with its padding, in a wide system font (DejaVu Sans), a
// last failure to the second needs ~155 px ("28 Dec, 19:35:59": the current year is left out, a
// past one adds ~45 px and is truncated, its title whole), a first failure to the minute ~130 px
// (the seconds are in its title). What the dates gave back went to the DLQ's name and the message.
// First failure (the last column) only from 1 440 px: the others sum to 990 px, within the card at
// 1 280 px with a scrollbar; all of them to 1 125 px.
const WIDTHS = [44, 195, 227, 160, 120, 84, 160, 135] as const;

const WIDE_ONLY = wideOnly("md");

type Props = {
  items: DeadLetterListItem[];
  stale: boolean;
  sort: DeadLetterSort;
  order: "asc" | "desc";
  onSort: (sort: DeadLetterSort, order: "asc" | "desc") => void;
  selection: Selection;
  onToggle: (id: string) => void;
  onTogglePage: () => void;
};

export function DeadLettersTable({
  items,
  stale,
  sort,
  order,
  onSort,
  selection,
  onToggle,
  onTogglePage,
}: Props) {
  const all = items.length > 0 && items.every((d) => isSelected(selection, d.id));
  const some = !all && items.some((d) => isSelected(selection, d.id));
  const sortProps = { sort, order, onSort };
  return (
    <FixedTable
      label="Dead letters"
      widths={WIDTHS}
      narrow={3}
      breakpoint="md"
      flex={2}
      widest={7}
      stale={stale}
    >
      <FixedHead>
        <th scope="col" className="pl-4">
          <input
            type="checkbox"
            aria-label="Select the loaded rows"
            checked={all}
            ref={(el) => {
              if (el) el.indeterminate = some;
            }}
            onChange={onTogglePage}
            disabled={selection.kind === "filter"}
            className="size-4 rounded border-line-strong accent-[var(--accent)]"
          />
        </th>
        <th scope="col" className="px-3 font-medium">
          Message
        </th>
        <th scope="col" className="px-3 font-medium">
          Reason · error
        </th>
        <th scope="col" className={clsx("px-3 font-medium", WIDE_ONLY)}>
          DLQ
        </th>
        <th scope="col" className={clsx("px-3 font-medium", WIDE_ONLY)}>
          State
        </th>
        <SortHeader
          label="Attempts"
          sortKey="attempts"
          {...sortProps}
          className={clsx(WIDE_ONLY, "text-right")}
        />
        <SortHeader label="Last failure" sortKey="lastFailedAt" {...sortProps} className={WIDE_ONLY} />
        <SortHeader label="First failure" sortKey="firstFailedAt" {...sortProps} className={WIDEST_ONLY} />
      </FixedHead>
      <FixedBody>
        {items.map((d) => (
          <Row
            key={d.id}
            d={d}
            selected={isSelected(selection, d.id)}
            locked={selection.kind === "filter"}
            onToggle={onToggle}
          />
        ))}
      </FixedBody>
    </FixedTable>
  );
}

type RowProps = { d: DeadLetterListItem; selected: boolean; locked: boolean; onToggle: (id: string) => void };

const Row = memo(function Row({ d, selected, locked, onToggle }: RowProps) {
  const title = d.eventType ?? "Untyped message";
  return (
    <FixedRow className={selected ? "bg-accent-soft/40" : undefined} data-dead-letter={d.id}>
      <td className="relative z-10 pl-4">
        <input
          type="checkbox"
          aria-label={`Select ${title} from ${d.dlq.name}`}
          checked={selected}
          disabled={locked}
          onChange={() => onToggle(d.id)}
          className="size-4 rounded border-line-strong accent-[var(--accent)]"
        />
      </td>
      <td className="px-3 py-2">
        <RowLink href={deadLetterHref(d.id)} title={title}>
          {d.eventType ?? <span className="text-fg-subtle italic">untyped</span>}
        </RowLink>
        <p className="truncate text-xs text-fg-muted" title={d.originalDestination ?? undefined}>
          {d.originalDestination ? `→ ${d.originalDestination}` : "original destination unknown"}
          {d.producer && <span className="text-fg-subtle"> · from {d.producer}</span>}
        </p>
      </td>
      <td className="px-3 py-2">
        <p className="truncate text-fg">{d.reason}</p>
        <p className="truncate text-xs text-fg-muted" title={d.error ?? undefined}>
          {d.error ?? <span className="text-fg-subtle">no error text</span>}
        </p>
      </td>
      <td className={clsx("px-3 py-2", WIDE_ONLY)}>
        <p className="truncate font-mono text-xs text-fg" title={d.dlq.name}>
          {d.dlq.name}
        </p>
        <p className="truncate text-xs text-fg-subtle">
          {d.broker} · {formatBytes(d.payloadSize)}
        </p>
      </td>
      <td className={clsx("px-3 py-2", WIDE_ONLY)}>
        <StateBadge state={d.state} />
      </td>
      <td className={clsx("px-3 py-2 text-right tabular-nums", WIDE_ONLY)}>{formatCount(d.attempts)}</td>
      <td className={clsx("truncate px-3 py-2 text-fg-muted tabular-nums", WIDE_ONLY)}>
        <LocalTime iso={d.lastFailedAt} format="full" />
      </td>
      <td className={clsx("truncate px-3 py-2 text-fg-muted tabular-nums", WIDEST_ONLY)}>
        <LocalTime iso={d.firstFailedAt} format="datetime" />
      </td>
    </FixedRow>
  );
});
