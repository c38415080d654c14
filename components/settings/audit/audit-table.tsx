// The audit entries: when (your time zone), who and from which address, what, to what, and the
// details on one line (the whole record one click or Enter away).
"use client";

import clsx from "clsx";
import {
  ACTOR_TYPE_LABELS,
  describeTarget,
  summariseDetails,
  type AuditEntryJson,
} from "@/components/settings/audit/audit-text";
import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";

const COLUMNS = ["Time", "Who · from", "What", "Target", "Details"] as const;
const FAILED = new Set(["auth.sign_in_failed", "auth.sign_in_locked"]);

export function AuditTable({ entries, stale }: { entries: AuditEntryJson[]; stale: boolean }) {
  return (
    <div className="relative overflow-x-auto">
      <table
        aria-label="Audit log"
        aria-busy={stale || undefined}
        className={clsx(
          "w-full min-w-[1000px] table-fixed text-sm transition-opacity",
          stale && "opacity-60",
        )}
      >
        <colgroup>
          <col className="w-44" />
          <col className="w-[22%]" />
          <col className="w-[22%]" />
          <col className="w-[16%]" />
          <col />
        </colgroup>
        <thead className="text-left text-xs text-fg-subtle">
          <tr className="h-8">
            {COLUMNS.map((c) => (
              <th key={c} scope="col" className="px-4 font-medium">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => {
            const target = describeTarget(e);
            const details = summariseDetails(e);
            const actorType = ACTOR_TYPE_LABELS[e.actorType];
            return (
              <tr key={e.id} className="h-11 border-t border-line align-middle hover:bg-surface-2">
                <td className="px-4 font-mono text-xs whitespace-nowrap tabular-nums text-fg-muted">
                  <LocalTime iso={e.at} format="full" />
                </td>
                <td className="px-4">
                  <div className="flex min-w-0 items-center gap-1.5">
                    <span className="truncate text-fg" title={e.actorLabel ?? undefined}>
                      {e.actorLabel ?? "—"}
                    </span>
                    {actorType && <Badge>{actorType}</Badge>}
                  </div>
                  <div className="truncate font-mono text-xs text-fg-subtle" title={e.ip ?? undefined}>
                    {e.ip ?? "—"}
                  </div>
                </td>
                <td className={clsx("truncate px-4", FAILED.has(e.action) ? "text-danger" : "text-fg")}>
                  <span title={e.action}>{e.description}</span>
                </td>
                <td className="truncate px-4 text-fg-muted" title={e.target ?? undefined}>
                  {target ? (
                    <>
                      <span className="text-xs text-fg-subtle">{target.kind} </span>
                      {target.label}
                    </>
                  ) : (
                    <span className="text-fg-subtle">—</span>
                  )}
                </td>
                <td className="max-w-0 px-4 py-1.5 text-xs text-fg-muted">
                  {e.details ? (
                    // A disclosure rather than a tooltip: the whole record is reachable by keyboard too.
                    <details>
                      <summary className="cursor-pointer truncate" title="Show the whole record">
                        {details || "details"}
                      </summary>
                      <pre className="mt-1 max-h-48 overflow-auto rounded bg-surface-2 p-2 font-mono text-[11px] whitespace-pre-wrap text-fg">
                        {JSON.stringify(e.details, null, 2)}
                      </pre>
                    </details>
                  ) : (
                    <span className="text-fg-subtle">—</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
