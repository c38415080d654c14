// The detail page's tables: headers, failure history (x-death entries, delivery counters), the
// reprocess attempts made for this dead letter, and its chain (the same message dead-lettered
// again after a reprocess).
"use client";

import Link from "next/link";
import { deadLetterHref } from "@/components/dlq/dlq-filters";
import { StateBadge } from "@/components/dlq/state-badge";
import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import type { ChainLink, FailureEntry, ReprocessAttempt } from "@/lib/dead-letters/api-types";
import { formatCount } from "@/lib/overview/format";

const TH = "px-4 py-2 text-left text-xs font-medium text-fg-subtle";
const TD = "px-4 py-2 align-top";

function None({ children }: { children: string }) {
  return <p className="px-4 py-3 text-sm text-fg-subtle">{children}</p>;
}

export function HeadersTable({ headers }: { headers: Record<string, unknown> | null }) {
  const entries = Object.entries(headers ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <None>No headers.</None>;
  return (
    <table className="w-full table-fixed text-sm" aria-label="Headers">
      <colgroup>
        <col style={{ width: "30%" }} />
        <col />
      </colgroup>
      <tbody>
        {entries.map(([k, v]) => (
          <tr key={k} className="border-t border-line first:border-t-0">
            <th
              scope="row"
              className={`${TD} truncate text-left font-mono text-xs font-medium text-fg-muted`}
              title={k}
            >
              {k}
            </th>
            <td className={`${TD} font-mono text-xs break-all text-fg`}>
              {typeof v === "string" ? v : JSON.stringify(v)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function FailureHistory({ failures, attempts }: { failures: FailureEntry[]; attempts: number }) {
  if (failures.length === 0)
    return (
      <None>{`No x-death or delivery count in the headers; the collector counted ${attempts} attempt(s).`}</None>
    );
  return (
    <table className="w-full text-sm" aria-label="Failure history">
      <thead>
        <tr>
          <th className={TH}>Source</th>
          <th className={TH}>Reason</th>
          <th className={TH}>Queue · exchange · keys</th>
          <th className={`${TH} text-right`}>Count</th>
          <th className={TH}>Time</th>
        </tr>
      </thead>
      <tbody>
        {failures.map((f, i) => (
          <tr key={i} className="border-t border-line">
            <td className={`${TD} font-mono text-xs`}>{f.source}</td>
            <td className={TD}>{f.reason ?? "—"}</td>
            <td className={`${TD} font-mono text-xs break-all text-fg-muted`}>
              {[f.queue, f.exchange === "" ? "(default exchange)" : f.exchange, f.routingKeys.join(", ")]
                .filter(Boolean)
                .join(" · ") || "—"}
            </td>
            <td className={`${TD} text-right tabular-nums`}>{formatCount(f.count)}</td>
            <td className={`${TD} text-fg-muted`}>
              <LocalTime iso={f.time} format="full" />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const OUTCOME_TONE = { succeeded: "ok", failed: "danger", sent: "accent" } as const;
/** An unfinished attempt is with its collector or about to be (a push is not recorded). */
const OUTCOME_LABEL = { sent: "in progress" } as const;

function destinationText(d: unknown): string {
  if (d && typeof d === "object" && "channel" in d && typeof d.channel === "string") return d.channel;
  return JSON.stringify(d);
}

export function ReprocessAttempts({ attempts }: { attempts: ReprocessAttempt[] }) {
  if (attempts.length === 0) return <None>Never reprocessed.</None>;
  return (
    <table className="w-full text-sm" aria-label="Reprocess attempts">
      <thead>
        <tr>
          <th className={TH}>Requested</th>
          <th className={TH}>By</th>
          <th className={TH}>To</th>
          <th className={TH}>Outcome</th>
          <th className={TH}>Finished</th>
        </tr>
      </thead>
      <tbody>
        {attempts.map((a) => (
          <tr key={a.id} className="border-t border-line">
            <td className={`${TD} text-fg-muted`}>
              <LocalTime iso={a.createdAt} format="full" />
            </td>
            <td className={TD}>{a.requestedBy ? a.requestedBy.name || a.requestedBy.email : "—"}</td>
            <td className={`${TD} font-mono text-xs`}>
              {destinationText(a.destination)} <span className="text-fg-subtle">via {a.collector}</span>
            </td>
            <td className={TD}>
              <Badge tone={OUTCOME_TONE[a.state as keyof typeof OUTCOME_TONE] ?? "neutral"}>
                {OUTCOME_LABEL[a.state as keyof typeof OUTCOME_LABEL] ?? a.state}
              </Badge>
              {a.possibleDuplicate && <span className="ml-2 text-xs text-warn">possibly sent twice</span>}
              {a.error && <p className="mt-1 text-xs text-danger">{a.error}</p>}
            </td>
            <td className={`${TD} text-fg-muted`}>
              <LocalTime iso={a.finishedAt} format="full" empty="not yet" />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Chain({ links }: { links: ChainLink[] }) {
  if (links.length === 0) return <None>No other dead letter of this message.</None>;
  return (
    <ul className="divide-y divide-line text-sm" aria-label="The same message's other dead letters">
      {links.map((l) => (
        <li key={l.id} className="flex flex-wrap items-center gap-3 px-4 py-2">
          <StateBadge state={l.state} />
          <Link href={deadLetterHref(l.id)} className="font-medium text-fg hover:text-accent">
            {l.reason} in {l.dlq}
          </Link>
          <span className="text-fg-muted">
            {formatCount(l.attempts)} attempt{l.attempts === 1 ? "" : "s"} · last{" "}
            <LocalTime iso={l.lastFailedAt} format="full" />
          </span>
        </li>
      ))}
    </ul>
  );
}
