// The details of a selected message hop: what was published where and by whom, the spans joined to
// it, each delivery with its broker wait and processing time, and the stored payload sample.
"use client";

import Link from "next/link";
import { PayloadBlock } from "@/components/catalog/json-block";
import { Fields } from "@/components/traces/span-details";
import { formatDuration } from "@/components/traces/waterfall-model";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { LocalTime } from "@/components/ui/local-time";
import { formatBytes } from "@/lib/overview/format";
import type { TraceMessage } from "@/lib/traces/api-types";

const FAILED = new Set(["nack", "reject", "expired"]);

type Props = { message: TraceMessage; onSelectSpan: (spanId: string) => void };

export function MessageDetails({ message: m, onSelectSpan }: Props) {
  const published = Date.parse(m.publishedAt);
  const spanButton = (id: string) => (
    <Button key={id} size="sm" variant="ghost" className="font-mono" onClick={() => onSelectSpan(id)}>
      {id}
    </Button>
  );
  const failed = m.deliveries.some((d) => FAILED.has(d.outcome));
  return (
    <div className="flex flex-col gap-4">
      <Fields
        rows={[
          [
            "Event type",
            <Link
              key="t"
              href={`/catalog/${encodeURIComponent(m.type)}`}
              className="text-accent hover:underline"
            >
              {m.type}
            </Link>,
          ],
          ["Channel", `${m.channel} (${m.broker})`],
          ["Producer", m.producer],
          [
            "Message ID",
            <code key="id" className="font-mono text-xs break-all">
              {m.messageId}
            </code>,
          ],
          ["Published", <LocalTime key="p" iso={m.publishedAt} format="full" />],
          ["Seen by broker", `+${formatDuration(Date.parse(m.observedAt) - published)}`],
          ["Size", formatBytes(m.size)],
          ["Published by span", m.publishSpanId ? spanButton(m.publishSpanId) : null],
          [
            "Consumed by spans",
            m.consumerSpanIds.length > 0 ? <span key="c">{m.consumerSpanIds.map(spanButton)}</span> : null,
          ],
        ]}
      />
      <section aria-label="Deliveries" className="flex flex-col gap-1.5">
        <h4 className="text-xs font-semibold tracking-wide text-fg-subtle uppercase">Deliveries</h4>
        {m.deliveries.length === 0 ? (
          <p className="text-sm text-fg-subtle">
            No consumer has received it yet (or no collector reported it).
          </p>
        ) : (
          <table className="w-full text-xs">
            <thead className="text-left text-fg-subtle">
              <tr>
                <th scope="col" className="py-1 pr-2 font-medium">
                  Consumer
                </th>
                <th scope="col" className="py-1 pr-2 text-right font-medium">
                  Broker wait
                </th>
                <th scope="col" className="py-1 pr-2 text-right font-medium">
                  Processing
                </th>
                <th scope="col" className="py-1 font-medium">
                  Outcome
                </th>
              </tr>
            </thead>
            <tbody>
              {m.deliveries.map((d) => {
                const delivered = Date.parse(d.deliveredAt);
                return (
                  <tr key={`${d.consumer}/${d.attempt}`} className="border-t border-line">
                    <td className="py-1 pr-2 text-fg">
                      {d.consumer}
                      {d.attempt > 1 && <span className="text-fg-subtle"> · attempt {d.attempt}</span>}
                    </td>
                    <td className="py-1 pr-2 text-right tabular-nums">
                      {formatDuration(Math.max(0, delivered - published))}
                    </td>
                    <td className="py-1 pr-2 text-right tabular-nums">
                      {d.ackedAt ? formatDuration(Math.max(0, Date.parse(d.ackedAt) - delivered)) : "—"}
                    </td>
                    <td className="py-1">
                      <Badge tone={FAILED.has(d.outcome) ? "danger" : d.outcome === "ack" ? "ok" : "neutral"}>
                        {d.outcome}
                      </Badge>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {failed && (
          <Link
            href={`/dlq?channel=${encodeURIComponent(m.channel)}&type=${encodeURIComponent(m.type)}`}
            className="w-fit text-xs text-accent hover:underline"
          >
            Dead letters of {m.type} on {m.channel} →
          </Link>
        )}
      </section>
      <section aria-label="Payload sample" className="flex flex-col gap-1.5">
        <h4 className="text-xs font-semibold tracking-wide text-fg-subtle uppercase">
          Payload sample{m.payloadTruncated && " (truncated)"}
        </h4>
        <PayloadBlock value={m.payload} label={`Payload of ${m.messageId}`} className="max-h-72" />
      </section>
    </div>
  );
}
