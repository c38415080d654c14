// The event types, one row each: name (the row's link) over its description, owner and tags, the
// last hour's throughput as a sparkline, schema versions, status and last seen. Fixed column widths
// so refetches never shift the layout. On phones only the first column shows, with a compact line of
// the rest under the name. Up and Down move between rows.
"use client";

import { memo } from "react";
import clsx from "clsx";
import { typeHref } from "@/components/catalog/catalog-api";
import type { ListFilters } from "@/components/catalog/list-filters";
import { SeenAgo } from "@/components/catalog/seen-ago";
import { Sparkline } from "@/components/catalog/sparkline";
import { SchemaVersions, TypeStatus } from "@/components/catalog/type-status";
import { Badge } from "@/components/ui/badge";
import { FixedBody, FixedHead, FixedRow, FixedTable, RowLink, wideOnly } from "@/components/ui/fixed-table";
import type { EventTypeListItem } from "@/lib/catalog/api-types";
import { formatCount } from "@/lib/overview/format";

const COLUMNS = [
  { label: "Event type", px: 280, sort: "name" },
  { label: "Owner · tags", px: 170 },
  { label: "Last hour", px: 150, sort: "throughput" },
  { label: "Schema", px: 115 },
  { label: "Status", px: 150 },
  { label: "Last seen", px: 100, sort: "lastSeen" },
] as const;
const WIDTHS = COLUMNS.map((c) => c.px);
/** Every column but the first: from the small breakpoint up. */
const WIDE_ONLY = wideOnly("sm");

const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
/** Counts in a narrow column: exact up to 9,999, then 12.3K. */
function shortCount(n: number): string {
  return n < 10_000 ? formatCount(n) : compact.format(n);
}

type Props = { items: EventTypeListItem[]; now: number | null; filters: ListFilters; stale: boolean };

export function CatalogTable({ items, now, filters, stale }: Props) {
  return (
    <FixedTable label="Event types" widths={WIDTHS} narrow={1} breakpoint="sm" stale={stale}>
      <FixedHead>
        {COLUMNS.map((c, i) => (
          <th
            key={c.label}
            scope="col"
            className={clsx("px-4 font-medium", i > 0 && WIDE_ONLY)}
            aria-sort={
              "sort" in c && c.sort === filters.sort
                ? filters.order === "asc"
                  ? "ascending"
                  : "descending"
                : undefined
            }
          >
            {c.label}
            {"sort" in c && c.sort === filters.sort && (
              <span aria-hidden className="ml-1">
                {filters.order === "asc" ? "↑" : "↓"}
              </span>
            )}
          </th>
        ))}
      </FixedHead>
      <FixedBody>
        {items.map((t) => (
          <Row key={t.name} t={t} now={now} />
        ))}
      </FixedBody>
    </FixedTable>
  );
}

const Row = memo(function Row({ t, now }: { t: EventTypeListItem; now: number | null }) {
  return (
    <FixedRow data-type={t.name}>
      <td className="px-4 py-2">
        <RowLink href={typeHref(t.name)} title={t.name}>
          {t.name}
        </RowLink>
        <p
          className={clsx("truncate text-xs", t.description ? "text-fg-muted" : "text-fg-subtle")}
          title={t.description ?? undefined}
        >
          {t.description ?? "No description"}
        </p>
        <PhoneLine t={t} now={now} />
      </td>
      <td className={clsx("px-4 py-2", WIDE_ONLY)}>
        <p
          className={clsx("truncate text-sm", t.owner ? "text-fg-muted" : "text-fg-subtle")}
          title={t.owner ?? undefined}
        >
          {t.owner ?? "—"}
        </p>
        {t.tags.length > 0 && (
          <p className="mt-0.5 flex gap-1 overflow-hidden" title={t.tags.join(", ")}>
            {t.tags.slice(0, 3).map((tag) => (
              <Badge key={tag}>{tag}</Badge>
            ))}
            {t.tags.length > 3 && <span className="text-xs text-fg-subtle">+{t.tags.length - 3}</span>}
          </p>
        )}
      </td>
      <td className={clsx("px-4 py-2", WIDE_ONLY)}>
        <div className="flex items-center gap-2">
          <Sparkline values={t.throughput} label={`${formatCount(t.lastHour)} events in the last hour`} />
          <span className="truncate text-xs tabular-nums text-fg-muted" title={formatCount(t.lastHour)}>
            {shortCount(t.lastHour)}
          </span>
        </div>
      </td>
      <td className={clsx("px-4 py-2", WIDE_ONLY)}>
        <SchemaVersions t={t} />
      </td>
      <td className={clsx("px-4 py-2", WIDE_ONLY)}>
        <TypeStatus t={t} />
      </td>
      <td className={clsx("px-4 py-2 text-xs text-fg-muted", WIDE_ONLY)}>
        <SeenAgo iso={t.lastSeenAt} now={now} />
      </td>
    </FixedRow>
  );
});

/** The other columns in one line, under the name, on phones only. */
function PhoneLine({ t, now }: { t: EventTypeListItem; now: number | null }) {
  const versions = [
    t.inferredVersion !== null && `inferred v${t.inferredVersion}`,
    t.registeredVersion !== null && `registered v${t.registeredVersion}`,
  ].filter(Boolean);
  return (
    <div className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-fg-subtle sm:hidden">
      <span className="tabular-nums">{shortCount(t.lastHour)} in the last hour</span>
      {versions.length > 0 && <span>{versions.join(" · ")}</span>}
      <SeenAgo iso={t.lastSeenAt} now={now} />
      <TypeStatus t={t} quiet />
    </div>
  );
}
