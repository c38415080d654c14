// Live events that failed the registered schema: per version, failing place (JSON pointer) and
// rule, how many and when, with one example payload a click away.
"use client";

import { ShieldCheck } from "lucide-react";
import { PayloadBlock } from "@/components/catalog/json-block";
import { SeenAgo, useNow } from "@/components/catalog/seen-ago";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import type { ViolationView } from "@/lib/catalog/api-types";
import { formatCount } from "@/lib/overview/format";

export function ViolationsPanel({
  violations,
  registered,
}: {
  violations: ViolationView[];
  registered: boolean;
}) {
  const now = useNow();
  const total = violations.reduce((sum, v) => sum + v.count, 0);
  return (
    <Card as="section" aria-labelledby="violations-title">
      <CardHeader
        id="violations-title"
        title="Violations"
        hint={violations.length > 0 ? `${formatCount(total)} events failed the registered schema` : undefined}
      />
      {violations.length === 0 ? (
        <EmptyState icon={ShieldCheck} title={registered ? "No violation" : "Nothing to check against"}>
          <p>
            {registered
              ? "Every live event checked so far matches the registered schema."
              : "Live events are checked once a schema is registered for this type."}
          </p>
        </EmptyState>
      ) : (
        <div className="relative overflow-x-auto">
          <table aria-label="Violations" className="w-full min-w-[720px] table-fixed text-sm">
            <colgroup>
              <col className="w-[22%]" />
              <col className="w-28" />
              <col />
              <col className="w-24" />
              <col className="w-20" />
              <col className="w-28" />
            </colgroup>
            <thead className="text-left text-xs text-fg-subtle">
              <tr className="h-8">
                {["Place", "Rule", "Message · example", "Events", "Version", "Last seen"].map((c) => (
                  <th
                    key={c}
                    scope="col"
                    className={c === "Events" ? "px-4 text-right font-medium" : "px-4 font-medium"}
                  >
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {violations.map((v) => (
                <tr key={`${v.version}\n${v.path}\n${v.keyword}`} className="border-t border-line align-top">
                  <td
                    className="truncate px-4 py-2 font-mono text-xs text-fg"
                    title={v.path || "the payload"}
                  >
                    {v.path || <span className="font-sans text-fg-subtle">(the payload)</span>}
                  </td>
                  <td className="truncate px-4 py-2 font-mono text-xs text-fg-muted">{v.keyword}</td>
                  <td className="px-4 py-2">
                    <details>
                      <summary className="cursor-pointer text-fg">{v.message}</summary>
                      <div className="mt-2 flex flex-col gap-1">
                        {v.exampleMessageId && (
                          <p className="text-xs text-fg-subtle">
                            Message <span className="font-mono">{v.exampleMessageId}</span>
                          </p>
                        )}
                        <PayloadBlock
                          value={v.example}
                          label={`Example of ${v.keyword} at ${v.path || "the payload"}`}
                          className="max-h-64"
                        />
                      </div>
                    </details>
                  </td>
                  <td className="px-4 py-2 text-right tabular-nums text-danger">{formatCount(v.count)}</td>
                  <td className="px-4 py-2 tabular-nums text-fg-muted">v{v.version}</td>
                  <td className="px-4 py-2 text-xs text-fg-muted">
                    <SeenAgo iso={v.lastSeenAt} now={now} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
