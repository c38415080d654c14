// The alert rules, one row each: name (the row's link) over its scope in words, kind and condition,
// severity, live state with the number of firing scopes (and Silence on a firing one), the last value against the threshold and
// when it was evaluated. Fixed column widths so refetches never shift the layout; on phones only the
// first column shows, with the state and value under the name. Up and Down move between rows.
"use client";

import { memo } from "react";
import clsx from "clsx";
import type { AlertRule } from "@/components/alerts/alerts-api";
import { SilenceButton } from "@/components/alerts/silence-button";
import { AlertStateBadge, SeverityBadge } from "@/components/alerts/state-badge";
import {
  conditionWords,
  firingCount,
  KIND_LABEL,
  thresholdOf,
  valueWords,
} from "@/components/alerts/rule-words";
import { SeenAgo } from "@/components/catalog/seen-ago";
import { FixedBody, FixedHead, FixedRow, FixedTable, RowLink, wideOnly } from "@/components/ui/fixed-table";
import { scopeLabel } from "@/lib/alerts/scopes";

const COLUMNS = [
  { label: "Rule", px: 270 },
  { label: "Kind", px: 220 },
  { label: "Severity", px: 90 },
  { label: "State", px: 120 },
  { label: "Value · threshold", px: 160 },
  { label: "Evaluated", px: 100 },
] as const;
const WIDTHS = COLUMNS.map((c) => c.px);
const WIDE_ONLY = wideOnly("sm");

export function ruleHref(id: string): string {
  return `/alerts/${encodeURIComponent(id)}`;
}

type Props = { rules: AlertRule[]; now: number | null; stale: boolean };

export function RulesTable({ rules, now, stale }: Props) {
  return (
    <FixedTable label="Alert rules" widths={WIDTHS} narrow={1} breakpoint="sm" stale={stale}>
      <FixedHead>
        {COLUMNS.map((c, i) => (
          <th key={c.label} scope="col" className={clsx("px-4 font-medium", i > 0 && WIDE_ONLY)}>
            {c.label}
          </th>
        ))}
      </FixedHead>
      <FixedBody>
        {rules.map((r) => (
          <Row key={r.id} r={r} now={now} />
        ))}
      </FixedBody>
    </FixedTable>
  );
}

function ValueCell({ r }: { r: AlertRule }) {
  const t = thresholdOf(r);
  return (
    <span className="tabular-nums">
      <span className={r.state === "firing" ? "font-medium text-danger" : "text-fg"}>
        {r.evaluatedAt === null ? "—" : valueWords(r, r.value)}
      </span>
      {t !== null && <span className="text-fg-subtle"> · {valueWords(r, t)}</span>}
    </span>
  );
}

const Row = memo(function Row({ r, now }: { r: AlertRule; now: number | null }) {
  const scope = scopeLabel(r.scope);
  return (
    <FixedRow data-rule={r.name}>
      <td className="px-4 py-2">
        <RowLink href={ruleHref(r.id)} title={r.name}>
          {r.name}
        </RowLink>
        <p className="truncate text-xs text-fg-muted" title={scope}>
          {scope}
        </p>
        <div className="mt-1 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-fg-subtle sm:hidden">
          <AlertStateBadge state={r.state} count={firingCount(r)} />
          <ValueCell r={r} />
        </div>
      </td>
      <td className={clsx("px-4 py-2", WIDE_ONLY)}>
        <p className="truncate text-fg">{KIND_LABEL[r.kind]}</p>
        <p className="truncate text-xs text-fg-muted" title={conditionWords(r)}>
          {conditionWords(r)}
        </p>
      </td>
      <td className={clsx("px-4 py-2", WIDE_ONLY)}>
        <SeverityBadge severity={r.severity} />
      </td>
      <td className={clsx("px-4 py-2", WIDE_ONLY)}>
        <div className="flex items-center gap-1.5">
          <AlertStateBadge state={r.state} count={firingCount(r)} />
          {r.state === "firing" && (
            // Above the row link's overlay, so it opens the form rather than the rule.
            <span className="relative z-10">
              <SilenceButton prefill={{ ruleId: r.id }} what={r.name} compact />
            </span>
          )}
        </div>
      </td>
      <td className={clsx("truncate px-4 py-2 text-xs", WIDE_ONLY)}>
        <ValueCell r={r} />
      </td>
      <td className={clsx("px-4 py-2 text-xs text-fg-muted", WIDE_ONLY)}>
        {r.evaluatedAt === null ? (
          <span className="text-fg-subtle">never</span>
        ) : (
          <SeenAgo iso={r.evaluatedAt} now={now} />
        )}
      </td>
    </FixedRow>
  );
});
