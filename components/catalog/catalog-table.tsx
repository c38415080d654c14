// The event types, one row each: name (the row's link) over its description, owner and tags, the
// last hour's throughput as a sparkline, schema versions, status and last seen. Fixed column widths
// so refetches never shift the layout; narrow screens scroll the table sideways. Up and Down move
// between rows.
"use client";

import { memo, type KeyboardEvent } from "react";
import Link from "next/link";
import clsx from "clsx";
import { typeHref } from "@/components/catalog/catalog-api";
import type { ListFilters } from "@/components/catalog/list-filters";
import { SeenAgo } from "@/components/catalog/seen-ago";
import { Sparkline } from "@/components/catalog/sparkline";
import { SchemaVersions, TypeStatus } from "@/components/catalog/type-status";
import { Badge } from "@/components/ui/badge";
import type { EventTypeListItem } from "@/lib/catalog/api-types";
import { formatCount } from "@/lib/overview/format";

const COLUMNS = [
  { label: "Event type", px: 300, sort: "name" },
  { label: "Owner · tags", px: 190 },
  { label: "Last hour", px: 160, sort: "throughput" },
  { label: "Schema", px: 120 },
  { label: "Status", px: 170 },
  { label: "Last seen", px: 110, sort: "lastSeen" },
] as const;
const TABLE_PX = COLUMNS.reduce((sum, c) => sum + c.px, 0);

type Props = { items: EventTypeListItem[]; now: number | null; filters: ListFilters; stale: boolean };

function moveFocus(e: KeyboardEvent<HTMLTableSectionElement>) {
  if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
  const links = [...e.currentTarget.querySelectorAll<HTMLAnchorElement>("a[data-row-link]")];
  const i = links.indexOf(document.activeElement as HTMLAnchorElement);
  if (i < 0) return;
  const next = links[e.key === "ArrowDown" ? i + 1 : i - 1];
  if (next) {
    e.preventDefault();
    next.focus();
  }
}

export function CatalogTable({ items, now, filters, stale }: Props) {
  return (
    <div className="relative overflow-x-auto">
      <table
        aria-label="Event types"
        aria-busy={stale || undefined}
        className={clsx("w-full table-fixed text-sm transition-opacity", stale && "opacity-60")}
        style={{ minWidth: TABLE_PX }}
      >
        <colgroup>
          {COLUMNS.map((c) => (
            <col key={c.label} style={{ width: c.px }} />
          ))}
        </colgroup>
        <thead className="text-left text-xs text-fg-subtle">
          <tr className="h-8">
            {COLUMNS.map((c) => (
              <th
                key={c.label}
                scope="col"
                className="px-4 font-medium"
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
          </tr>
        </thead>
        <tbody onKeyDown={moveFocus}>
          {items.map((t) => (
            <Row key={t.name} t={t} now={now} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

const Row = memo(function Row({ t, now }: { t: EventTypeListItem; now: number | null }) {
  return (
    <tr className="relative h-14 border-t border-line align-middle hover:bg-surface-2" data-type={t.name}>
      <td className="px-4 py-2">
        {/* The link covers the whole row (its ::after), so any click on the row opens the type. */}
        <Link
          href={typeHref(t.name)}
          data-row-link
          className="block truncate font-medium text-fg after:absolute after:inset-0 hover:text-accent focus-visible:after:outline-2 focus-visible:after:outline-accent"
          title={t.name}
        >
          {t.name}
        </Link>
        <p
          className={clsx("truncate text-xs", t.description ? "text-fg-muted" : "text-fg-subtle")}
          title={t.description ?? undefined}
        >
          {t.description ?? "No description"}
        </p>
      </td>
      <td className="px-4 py-2">
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
      <td className="px-4 py-2">
        <div className="flex items-center gap-2">
          <Sparkline values={t.throughput} label={`${formatCount(t.lastHour)} events in the last hour`} />
          <span className="truncate text-xs tabular-nums text-fg-muted">{formatCount(t.lastHour)}</span>
        </div>
      </td>
      <td className="px-4 py-2">
        <SchemaVersions t={t} />
      </td>
      <td className="px-4 py-2">
        <TypeStatus t={t} />
      </td>
      <td className="px-4 py-2 text-xs text-fg-muted">
        <SeenAgo iso={t.lastSeenAt} now={now} />
      </td>
    </tr>
  );
});
