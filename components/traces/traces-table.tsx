// Search results, one trace a row: id (the row's link), root, services, event types, start,
// duration, spans, messages and errors. Fixed column widths so refetches never shift the layout;
// Up and Down move between rows.
"use client";

import { memo } from "react";
import clsx from "clsx";
import { traceHref } from "@/components/traces/trace-filters";
import { formatDuration } from "@/components/traces/waterfall-model";
import { Badge } from "@/components/ui/badge";
import { FixedBody, FixedHead, FixedRow, FixedTable, RowLink, wideOnly } from "@/components/ui/fixed-table";
import { LocalTime } from "@/components/ui/local-time";
import { formatCount } from "@/lib/overview/format";
import type { TraceSummary } from "@/lib/traces/api-types";

const COLUMNS = [
  { label: "Trace", px: 130 },
  { label: "Root", px: 190 },
  { label: "Services · types", px: 230 },
  { label: "Started", px: 140 },
  { label: "Duration", px: 85, numeric: true },
  { label: "Spans", px: 65, numeric: true },
  { label: "Messages", px: 85, numeric: true },
  { label: "Errors", px: 65, numeric: true },
] as const;
const WIDTHS = COLUMNS.map((c) => c.px);
const WIDE_ONLY = wideOnly("md");

export function TracesTable({ items, stale }: { items: TraceSummary[]; stale: boolean }) {
  return (
    <FixedTable label="Traces" widths={WIDTHS} narrow={2} breakpoint="md" stale={stale}>
      <FixedHead>
        {COLUMNS.map((c, i) => (
          <th
            key={c.label}
            scope="col"
            className={clsx(
              "px-3 font-medium first:pl-4",
              i >= 2 && WIDE_ONLY,
              "numeric" in c && "text-right",
            )}
          >
            {c.label}
          </th>
        ))}
      </FixedHead>
      <FixedBody>
        {items.map((t) => (
          <Row key={t.traceId} t={t} />
        ))}
      </FixedBody>
    </FixedTable>
  );
}

function List({ values, max = 3 }: { values: string[]; max?: number }) {
  if (values.length === 0) return <span className="text-fg-subtle">—</span>;
  const shown = values.slice(0, max);
  return (
    <span className="truncate" title={values.join(", ")}>
      {shown.join(", ")}
      {values.length > max && <span className="text-fg-subtle"> +{values.length - max}</span>}
    </span>
  );
}

const Row = memo(function Row({ t }: { t: TraceSummary }) {
  return (
    <FixedRow data-trace={t.traceId}>
      <td className="py-2 pr-3 pl-4">
        <RowLink
          href={traceHref(t.traceId)}
          aria-label={`Trace ${t.traceId}`}
          className="font-mono text-xs"
          title={t.traceId}
        >
          {t.traceId.slice(0, 16)}…
        </RowLink>
      </td>
      <td className="px-3 py-2">
        <p className="truncate font-medium text-fg" title={t.rootName ?? undefined}>
          {t.rootName ?? <span className="text-fg-subtle">no root seen yet</span>}
        </p>
        <p className="truncate text-xs text-fg-muted">{t.rootService ?? "—"}</p>
      </td>
      <td className={clsx("px-3 py-2", WIDE_ONLY)}>
        <p className="flex truncate text-fg-muted">
          <List values={t.services} />
        </p>
        <p className="flex truncate text-xs text-fg-subtle">
          <List values={t.types} max={2} />
        </p>
      </td>
      <td className={clsx("truncate px-3 py-2 text-fg-muted tabular-nums", WIDE_ONLY)}>
        <LocalTime iso={t.startedAt} format="full" />
      </td>
      <td className={clsx("px-3 py-2 text-right tabular-nums", WIDE_ONLY)}>{formatDuration(t.durationMs)}</td>
      <td className={clsx("px-3 py-2 text-right tabular-nums", WIDE_ONLY)}>{formatCount(t.spanCount)}</td>
      <td className={clsx("px-3 py-2 text-right tabular-nums", WIDE_ONLY)}>{formatCount(t.messageCount)}</td>
      <td className={clsx("px-3 py-2 text-right tabular-nums", WIDE_ONLY)}>
        {t.errorCount > 0 ? (
          <Badge tone="danger">{formatCount(t.errorCount)}</Badge>
        ) : (
          <span className="text-fg-subtle">0</span>
        )}
      </td>
    </FixedRow>
  );
});
