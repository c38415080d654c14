// The details of a selected span: where it ran, its status and timing, its messaging attributes,
// every attribute, its resource, events and links (a link opens the linked trace).
"use client";

import type { ReactNode } from "react";
import Link from "next/link";
import { formatDuration } from "@/components/traces/waterfall-model";
import { traceHref } from "@/components/traces/trace-filters";
import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import type { TraceSpan } from "@/lib/traces/api-types";
import type { Attributes } from "@/lib/traces/normalize-spans";

export function Fields({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1.5 text-sm">
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-fg-subtle">{k}</dt>
          <dd className="min-w-0 break-words text-fg">{v ?? <span className="text-fg-subtle">—</span>}</dd>
        </div>
      ))}
    </dl>
  );
}

function valueText(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

export function AttributeTable({ label, attributes }: { label: string; attributes: Attributes | null }) {
  const entries = Object.entries(attributes ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return (
    <section aria-label={label} className="flex flex-col gap-1.5">
      <h4 className="text-xs font-semibold tracking-wide text-fg-subtle uppercase">{label}</h4>
      {entries.length === 0 ? (
        <p className="text-sm text-fg-subtle">None.</p>
      ) : (
        <table className="w-full table-fixed text-xs">
          <tbody>
            {entries.map(([k, v]) => (
              <tr key={k} className="border-t border-line first:border-t-0">
                <th
                  scope="row"
                  className="w-2/5 truncate py-1 pr-3 text-left font-mono font-normal text-fg-muted"
                  title={k}
                >
                  {k}
                </th>
                <td className="py-1 font-mono break-all text-fg">{valueText(v)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function SpanDetails({ span }: { span: TraceSpan }) {
  const messaging = span.messagingSystem || span.destination || span.operation || span.messageId;
  return (
    <div className="flex flex-col gap-4">
      <Fields
        rows={[
          ["Service", span.serviceName],
          ["Kind", span.kind],
          [
            "Status",
            span.statusCode === "error" ? (
              <span className="flex flex-wrap items-center gap-2">
                <Badge tone="danger">error</Badge>
                {span.statusMessage}
              </span>
            ) : (
              span.statusCode
            ),
          ],
          ["Started", <LocalTime key="s" iso={span.startTime} format="full" />],
          ["Duration", formatDuration(span.durationMs)],
          [
            "Span ID",
            <code key="id" className="font-mono text-xs">
              {span.spanId}
            </code>,
          ],
          [
            "Parent",
            span.parentSpanId ? (
              <code key="p" className="font-mono text-xs">
                {span.parentSpanId}
              </code>
            ) : (
              "root"
            ),
          ],
        ]}
      />
      {messaging && (
        <Fields
          rows={[
            ["Messaging system", span.messagingSystem],
            ["Destination", span.destination],
            ["Operation", span.operation],
            [
              "Message ID",
              span.messageId ? (
                <code key="m" className="font-mono text-xs">
                  {span.messageId}
                </code>
              ) : null,
            ],
          ]}
        />
      )}
      <AttributeTable label="Attributes" attributes={span.attributes} />
      <AttributeTable label="Resource" attributes={span.resource} />
      {span.events && span.events.length > 0 && (
        <section aria-label="Events" className="flex flex-col gap-1.5">
          <h4 className="text-xs font-semibold tracking-wide text-fg-subtle uppercase">Events</h4>
          <ul className="flex flex-col gap-1 text-sm">
            {span.events.map((e, i) => (
              <li key={i}>
                <span className="text-fg">{e.name}</span>{" "}
                <span className="text-xs text-fg-subtle">
                  +{formatDuration(e.timeMs - Date.parse(span.startTime))}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {span.links && span.links.length > 0 && (
        <section aria-label="Links" className="flex flex-col gap-1.5">
          <h4 className="text-xs font-semibold tracking-wide text-fg-subtle uppercase">Links</h4>
          <ul className="flex flex-col gap-1 text-xs">
            {span.links.map((l) => (
              <li key={`${l.traceId}/${l.spanId}`} className="font-mono">
                <Link href={traceHref(l.traceId)} className="text-accent hover:underline">
                  {l.traceId.slice(0, 16)}…
                </Link>{" "}
                / {l.spanId}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
