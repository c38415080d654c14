// The type's most recent payload samples (redacted and truncated at ingest): when, from whom, on
// which channel, whether it passed the registered schema; the newest one open.
"use client";

import { FileJson } from "lucide-react";
import { PayloadBlock } from "@/components/catalog/json-block";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import type { EventTypeDetail } from "@/lib/catalog/api-types";

export function SamplesPanel({ samples }: { samples: EventTypeDetail["samples"] }) {
  return (
    <Card as="section" aria-labelledby="samples-title">
      <CardHeader id="samples-title" title="Recent samples" hint="redacted and truncated as stored" />
      {samples.length === 0 ? (
        <EmptyState icon={FileJson} title="No sample stored">
          <p>
            Payload samples appear with the next events of this type (or your role does not show payloads).
          </p>
        </EmptyState>
      ) : (
        <ul aria-label="Recent samples" className="flex flex-col divide-y divide-line">
          {samples.map((s, i) => (
            <li key={s.messageId}>
              <details open={i === 0} className="group px-4 py-2">
                <summary className="flex cursor-pointer flex-wrap items-center gap-x-3 gap-y-1 text-sm">
                  <span className="font-mono text-xs tabular-nums text-fg-muted">
                    <LocalTime iso={s.publishedAt} format="full" />
                  </span>
                  <span className="min-w-0 truncate text-fg">
                    {s.producer ?? <span className="text-fg-subtle">unknown producer</span>}
                    <span className="text-fg-subtle"> → </span>
                    {s.channel}
                  </span>
                  <span className="ml-auto flex gap-1">
                    {s.valid === false && <Badge tone="danger">invalid</Badge>}
                    {s.valid === true && <Badge tone="ok">valid</Badge>}
                    {s.truncated && <Badge tone="warn">truncated</Badge>}
                  </span>
                </summary>
                <p className="mt-1 truncate font-mono text-[11px] text-fg-subtle" title={s.messageId}>
                  {s.messageId}
                </p>
                <PayloadBlock
                  value={s.payload}
                  label={`Payload of message ${s.messageId}`}
                  className="mt-1.5 max-h-72"
                />
              </details>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
