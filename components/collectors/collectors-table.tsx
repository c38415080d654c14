// The registered collectors: name, token prefix, broker, version, last seen and status; with
// `manage`, a header action (New collector) and per-row actions (rotate, revoke).
import type { ReactNode } from "react";
import { Cable } from "lucide-react";
import clsx from "clsx";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import type { CollectorRow, CollectorsData } from "@/lib/collectors/get-collectors";
import { formatAge } from "@/lib/overview/format";

const ACTIVE_MS = 5 * 60_000;

type Manage = { headerAction: ReactNode; rowActions: (c: CollectorRow) => ReactNode };

export function CollectorsTable({ data, manage }: { data: CollectorsData; manage?: Manage }) {
  const now = Date.parse(data.now);
  return (
    <Card as="section" aria-labelledby="collectors-title">
      <CardHeader
        id="collectors-title"
        title="Registered collectors"
        hint={`${data.collectors.length} in total`}
        actions={manage?.headerAction}
      />
      {data.collectors.length === 0 ? (
        <EmptyState icon={Cable} title="No collector registered yet">
          {manage ? (
            <p>Create one with New collector and start the agent with the token it shows you.</p>
          ) : (
            <p>
              Create a token with{" "}
              <code className="font-mono text-fg">npm run token -- create --name &lt;name&gt;</code> and start
              a collector with it.
            </p>
          )}
        </EmptyState>
      ) : (
        <div className="relative overflow-x-auto">
          {/* relative: the sr-only "Actions" header is positioned absolutely and would widen the page. */}
          <table
            aria-label="Collectors"
            className={clsx("w-full text-sm whitespace-nowrap", manage ? "min-w-[800px]" : "min-w-[640px]")}
          >
            <thead className="text-left text-xs text-fg-subtle">
              <tr className="h-8">
                {["Name", "Token", "Broker", "Version", "Last seen", "Status"].map((c) => (
                  <th key={c} scope="col" className="px-4 font-medium">
                    {c}
                  </th>
                ))}
                {manage && (
                  <th scope="col" className="px-4 font-medium">
                    <span className="sr-only">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {data.collectors.map((c) => {
                const recent = c.lastSeenAt !== null && now - Date.parse(c.lastSeenAt) < ACTIVE_MS;
                const status = c.revoked
                  ? "revoked"
                  : recent
                    ? "active"
                    : c.lastSeenAt
                      ? "idle"
                      : "never seen";
                return (
                  <tr key={c.id} className="h-9 border-t border-line">
                    <td className="px-4 font-medium text-fg">{c.name}</td>
                    <td className="px-4 font-mono text-xs text-fg-muted">{c.tokenPrefix}…</td>
                    <td className="px-4 text-fg-muted">{c.broker ?? "—"}</td>
                    <td className="px-4 text-fg-muted">{c.version ?? "—"}</td>
                    <td className="px-4 tabular-nums text-fg-muted" title={c.lastSeenAt ?? undefined}>
                      {formatAge(c.lastSeenAt, now)}
                    </td>
                    <td className="px-4">
                      <span className="inline-flex items-center gap-1.5 text-xs text-fg-muted">
                        <span
                          aria-hidden
                          className={clsx(
                            "size-1.5 rounded-full",
                            status === "active"
                              ? "bg-ok"
                              : status === "revoked"
                                ? "bg-danger"
                                : "bg-fg-subtle",
                          )}
                        />
                        {status}
                      </span>
                    </td>
                    {manage && <td className="px-4 py-1 text-right">{manage.rowActions(c)}</td>}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
