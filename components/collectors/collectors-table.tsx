// The registered collectors: name and token prefix, broker with kind, version and host, the
// broker's backlog (lag, depth), health, last seen, throughput, outbox, reprocess commands (in
// flight, the last day's outcomes) and errors; with `manage`, a header action (New collector)
// and per-row actions (rotate, revoke). Fixed column widths: live refetches never shift the layout.
import type { ReactNode } from "react";
import { Cable } from "lucide-react";
import clsx from "clsx";
import { CollectorBacklog } from "@/components/collectors/collector-backlog";
import { CollectorCommands } from "@/components/collectors/collector-commands";
import { CollectorErrors } from "@/components/collectors/collector-errors";
import { CollectorStatusBadge } from "@/components/collectors/collector-status-badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import type { CollectorRow, CollectorsData } from "@/lib/collectors/get-collectors";
import { formatAge, formatBytes, formatCount, formatRate } from "@/lib/overview/format";

type Manage = { headerAction: ReactNode; rowActions: (c: CollectorRow) => ReactNode };

// Widths in px that add up to the table's minimum (ACTIONS_PX included when shown): 1 000, so at a
// 1 280 px window, beside the sidebar, every column and the row actions fit without a sideways
// scroll; a wider screen spreads the surplus proportionally, a narrower one scrolls the table.
const COLUMNS = [
  { label: "Name", px: 110 },
  { label: "Broker", px: 140 },
  { label: "Backlog", px: 90 },
  { label: "Status", px: 95 },
  { label: "Last seen", px: 105 },
  { label: "Throughput", px: 90, numeric: true },
  { label: "Outbox", px: 95, numeric: true },
  { label: "Reprocess", px: 115 },
  { label: "Errors", px: 80 },
] as const;
const ACTIONS_PX = 80;
const TABLE_PX = COLUMNS.reduce((sum, c) => sum + c.px, 0);

export function CollectorsTable({ data, manage }: { data: CollectorsData; manage?: Manage }) {
  const now = Date.parse(data.now);
  const live = data.collectors.filter((c) => c.status === "live").length;
  return (
    <Card as="section" aria-labelledby="collectors-title">
      <CardHeader
        id="collectors-title"
        title="Registered collectors"
        hint={`${data.collectors.length} in total · ${live} live`}
        actions={manage?.headerAction}
      />
      {data.collectors.length === 0 ? (
        <EmptyState icon={Cable} title="No collector registered yet">
          <StartHint manage={manage !== undefined} />
        </EmptyState>
      ) : (
        <div className="relative overflow-x-auto">
          {/* relative: the sr-only "Actions" header is positioned absolutely and would widen the page. */}
          <table
            aria-label="Collectors"
            className="w-full table-fixed text-sm"
            style={{ minWidth: TABLE_PX + (manage ? ACTIONS_PX : 0) }}
          >
            <colgroup>
              {COLUMNS.map((c) => (
                <col key={c.label} style={{ width: c.px }} />
              ))}
              {manage && <col style={{ width: ACTIONS_PX }} />}
            </colgroup>
            <thead className="text-left text-xs text-fg-subtle">
              <tr className="h-8">
                {COLUMNS.map((c) => (
                  <th
                    key={c.label}
                    scope="col"
                    className={"numeric" in c ? "px-3 text-right font-medium" : "px-3 font-medium"}
                  >
                    {c.label}
                  </th>
                ))}
                {manage && (
                  <th scope="col" className="px-3 font-medium">
                    <span className="sr-only">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {data.collectors.map((c) => (
                <CollectorTableRow key={c.id} c={c} now={now} actions={manage?.rowActions(c)} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

function CollectorTableRow({ c, now, actions }: { c: CollectorRow; now: number; actions?: ReactNode }) {
  return (
    <tr className="h-14 border-t border-line align-middle" data-collector={c.name}>
      <td className="px-3">
        <Lines main={<span className="font-medium text-fg">{c.name}</span>} sub={`${c.tokenPrefix}…`} mono />
      </td>
      <td className="px-3">
        <Lines main={c.broker ?? "—"} sub={agentLine(c)} />
      </td>
      <td className="px-3 py-2 text-sm">
        <CollectorBacklog gauges={c.gauges} name={c.name} />
      </td>
      <td className="px-3">
        <div className="flex min-w-0 flex-col items-start gap-0.5">
          <CollectorStatusBadge status={c.status} />
          {c.statusDetail && (
            <span
              className={clsx(
                "max-w-full truncate text-xs",
                c.status === "live" ? "text-warn" : "text-fg-subtle",
              )}
              title={c.statusDetail}
            >
              {c.statusDetail}
            </span>
          )}
        </div>
      </td>
      <td className="px-3">
        <Lines
          main={<span className="tabular-nums">{formatAge(c.lastSeenAt, now)}</span>}
          sub={c.lastSeenAt ? <LocalTime iso={c.lastSeenAt} format="datetime" /> : undefined}
        />
      </td>
      <td className="px-3 text-right tabular-nums" aria-label={`Throughput of ${c.name}`}>
        {c.eventsPerSecond === null ? (
          <span className="text-fg-subtle">—</span>
        ) : (
          <span className="text-fg">
            {formatRate(c.eventsPerSecond)} <span className="text-xs text-fg-subtle">ev/s</span>
          </span>
        )}
      </td>
      <td className="px-3 text-right tabular-nums">
        {c.outbox === null ? (
          <span className="text-fg-subtle">—</span>
        ) : (
          <Lines
            main={formatCount(c.outbox.items)}
            sub={`${c.outbox.items === 1 ? "item" : "items"} · ${formatBytes(c.outbox.bytes)}`}
          />
        )}
      </td>
      <td className="px-3" aria-label={`Reprocess commands of ${c.name}`}>
        <CollectorCommands c={c} />
      </td>
      <td className="px-3 py-2 text-xs">
        <CollectorErrors errors={c.errors} lastError={c.lastError} />
      </td>
      {actions !== undefined && <td className="px-3 py-1 text-right">{actions}</td>}
    </tr>
  );
}

/** "rabbitmq · v0.1.0 · host": what the agent said of itself. */
function agentLine(c: CollectorRow): string | undefined {
  const parts = [c.brokerKind, c.version && `v${c.version}`, c.hostname].filter(Boolean);
  return parts.length > 0 ? parts.join(" · ") : undefined;
}

/** A main value over a smaller one; each truncated to its column, the full text on hover. */
function Lines({ main, sub, mono }: { main: ReactNode; sub?: ReactNode; mono?: boolean }) {
  return (
    <div className="min-w-0">
      <div className="truncate text-fg-muted" title={typeof main === "string" ? main : undefined}>
        {main}
      </div>
      {sub !== undefined && (
        <div
          className={mono ? "truncate font-mono text-xs text-fg-subtle" : "truncate text-xs text-fg-subtle"}
          title={typeof sub === "string" ? sub : undefined}
        >
          {sub}
        </div>
      )}
    </div>
  );
}

function StartHint({ manage }: { manage: boolean }) {
  return (
    <div className="flex flex-col gap-2">
      <p>
        {manage ? (
          "Create one with New collector, put its token in the collector's YAML config, and start the agent next to your broker:"
        ) : (
          <>
            An admin creates a token (here, or with{" "}
            <code className="font-mono text-fg">npm run token -- create --name &lt;name&gt;</code>); then
            start the agent next to your broker:
          </>
        )}
      </p>
      <code className="rounded bg-surface-2 px-2 py-1 font-mono text-xs text-fg">
        npm run collector -- --config collector.yaml
      </code>
      <p className="text-xs">
        The config format and each broker&apos;s options are described in{" "}
        <code className="font-mono text-fg">docs/collectors.md</code> of your Eventscope checkout.
      </p>
    </div>
  );
}
