// An edge's details: its figures over the window, the rate chart, the event types it carries
// (to the catalog), the latest messages of its channel (to their traces), and links to latency,
// traces and the DLQ. Refetched with the graph on each live hint.
"use client";

import Link from "next/link";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { useHydrated } from "@/components/ui/use-hydrated";
import { EdgeChart } from "@/components/flows/edge-chart";
import { Figures, LinkRow, Section, type Figure } from "@/components/flows/detail-parts";
import { fetchFlowEdge, flowKeys, links } from "@/components/flows/flows-api";
import { formatGauge, formatMs, formatPercent, formatPerSecond } from "@/components/flows/format-flow";
import type { FlowEdgeDetail, FlowWindow } from "@/lib/flows/api-types";
import { ApiError } from "@/lib/http/api-client";
import { formatBytes, formatClock, formatCount } from "@/lib/overview/format";

const KIND_LABEL = { produce: "produce", consume: "consume", dead_letter: "dead letters" } as const;
const HEALTH_TONE = { ok: "ok", warn: "warn", danger: "danger", idle: "neutral" } as const;

function figures(d: FlowEdgeDetail): Figure[] {
  const e = d.edge;
  const lat = e.kind === "produce" ? "to broker" : "to deliver";
  const out: Figure[] = [
    { label: "Rate", value: formatPerSecond(e.rate) },
    { label: "Events", value: formatCount(e.count) },
    {
      label: "Error rate",
      value: formatPercent(e.errorRate),
      tone: e.errorRate >= 0.05 ? "danger" : e.errorRate >= 0.01 ? "warn" : undefined,
    },
  ];
  if (e.kind !== "dead_letter")
    out.push(
      { label: `p50 ${lat}`, value: formatMs(e.latency.p50) },
      { label: `p95 ${lat}`, value: formatMs(e.latency.p95) },
      { label: `p99 ${lat}`, value: formatMs(e.latency.p99) },
    );
  if (e.e2e)
    out.push(
      { label: "p50 end to end", value: formatMs(e.e2e.p50) },
      { label: "p95 end to end", value: formatMs(e.e2e.p95) },
      { label: "Consumer lag", value: formatGauge(e.lag) },
    );
  return out;
}

function edgeLinks(d: FlowEdgeDetail) {
  const e = d.edge;
  const out: { href: string; label: string }[] = [];
  if (e.kind !== "dead_letter")
    out.push({
      href: links.latency({ channelId: d.channel.id, service: d.service ?? undefined, edge: e.kind }),
      label: "Latency",
    });
  if (d.service) out.push({ href: links.traces(d.service), label: `Traces of ${d.service}` });
  out.push({ href: links.dlq(d.channel.name), label: "Dead letters" });
  return out;
}

export function EdgeDetails({ id, window }: { id: string; window: FlowWindow }) {
  const zone = useHydrated() ? "local" : "utc";
  const q = useQuery({
    queryKey: flowKeys.edge(id, window),
    queryFn: ({ signal }) => fetchFlowEdge(id, window, signal),
    placeholderData: keepPreviousData,
    retry: (n, err) => n < 2 && !(err instanceof ApiError && err.status === 404),
  });
  if (q.isError && !q.data)
    return (
      <div className="flex flex-col items-start gap-2 p-4 text-sm">
        <p className="text-danger">{q.error.message}</p>
        <Button size="sm" onClick={() => void q.refetch()}>
          Try again
        </Button>
      </div>
    );
  const d = q.data;
  if (!d || d.edge.id !== id)
    return (
      <div aria-busy="true" aria-label="Loading the edge" className="flex flex-col gap-4 p-4">
        <Skeleton className="h-5 w-56" />
        <Skeleton className="h-24 w-full" />
        <Skeleton className="h-32 w-full" />
        <Skeleton className="h-40 w-full" />
      </div>
    );
  const e = d.edge;
  return (
    <div className="flex flex-col gap-5 p-4">
      <p className="text-sm break-words text-fg">
        <span className="font-medium">{d.source.name}</span> →{" "}
        <span className="font-medium">{d.target.name}</span>
        <span className="ml-2 inline-flex gap-1 align-middle">
          <Badge>{KIND_LABEL[e.kind]}</Badge>
          <Badge tone={HEALTH_TONE[e.health]}>{e.health}</Badge>
        </span>
      </p>
      <Figures items={figures(d)} />
      <Section title={`Events per second${d.window === "live" ? " · last 15 min" : ""}`}>
        <div className="h-32 min-w-0">
          <EdgeChart series={d.series} zone={zone} />
        </div>
      </Section>
      <Section title="Event types">
        <ul className="flex flex-col gap-1 text-sm">
          {d.types.map((t) => (
            <li key={t.name} className="flex items-center gap-2">
              <Link
                href={links.catalog(t.name)}
                className="truncate font-medium text-accent underline-offset-2 hover:underline"
              >
                {t.name}
              </Link>
              <span className="ml-auto text-xs text-fg-subtle tabular-nums">
                {formatCount(t.count)} · {formatPerSecond(t.rate)}
              </span>
            </li>
          ))}
        </ul>
      </Section>
      <Section title={`Latest on ${d.channel.name}`}>
        {d.recent.length === 0 ? (
          <p className="text-sm text-fg-subtle">No stored messages on this channel.</p>
        ) : (
          <table className="w-full table-fixed text-xs" aria-label="Latest events on the channel">
            <thead className="text-left text-fg-subtle">
              <tr>
                <th className="w-24 py-1 font-medium">Published</th>
                <th className="py-1 font-medium">Type</th>
                <th className="w-14 py-1 text-right font-medium">Size</th>
              </tr>
            </thead>
            <tbody>
              {d.recent.map((m) => (
                <tr key={`${m.id}-${m.publishedAt}`} className="border-t border-line">
                  <td className="py-1 tabular-nums">
                    <Link
                      href={`/traces?${new URLSearchParams({ messageId: m.id })}`}
                      className="text-accent underline-offset-2 hover:underline"
                      title={`Message ${m.id}: its trace`}
                    >
                      {formatClock(m.publishedAt, zone)}
                    </Link>
                  </td>
                  <td className="truncate py-1" title={m.producer ? `${m.type} from ${m.producer}` : m.type}>
                    {m.type}
                  </td>
                  <td className="py-1 text-right text-fg-subtle tabular-nums">{formatBytes(m.size)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section title="Go to">
        <LinkRow links={edgeLinks(d)} />
      </Section>
    </div>
  );
}
