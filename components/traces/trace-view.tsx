// The trace page's client side: header, waterfall and the selected row's details — or a not-found
// or failure state. Follows the live "traffic" hint, so a trace still in flight gains its later
// deliveries and spans without a reload.
"use client";

import { useMemo, useState } from "react";
import Link from "next/link";
import { SearchX } from "lucide-react";
import { useQuery } from "@tanstack/react-query";
import { useLiveHint } from "@/components/live/use-live-hint";
import { MessageDetails } from "@/components/traces/message-details";
import { SpanDetails } from "@/components/traces/span-details";
import { TraceHeader, type HeaderFacts } from "@/components/traces/trace-header";
import { TraceDetailSkeleton } from "@/components/traces/traces-skeleton";
import { fetchTrace, traceKeys } from "@/components/traces/traces-api";
import { WaterfallChart } from "@/components/traces/waterfall";
import { buildWaterfall, type WaterfallRow } from "@/components/traces/waterfall-model";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ApiError } from "@/lib/http/api-client";
import type { TraceDetail } from "@/lib/traces/api-types";
import { LoadError } from "@/components/ui/load-error";

function BackLink() {
  return (
    <Link href="/traces" className="w-fit text-sm text-fg-muted hover:text-accent">
      ← Trace search
    </Link>
  );
}

function factsOf(d: TraceDetail, startMs: number, endMs: number): HeaderFacts {
  const s = d.summary;
  const services = new Set([...(s?.services ?? [])]);
  for (const span of d.spans) if (span.serviceName) services.add(span.serviceName);
  const root = d.spans.find((x) => x.parentSpanId === null);
  return {
    traceId: d.traceId,
    rootName: s?.rootName ?? root?.name ?? null,
    rootService: s?.rootService ?? root?.serviceName ?? null,
    startedAt: startMs > 0 ? new Date(startMs).toISOString() : (s?.startedAt ?? null),
    durationMs: endMs - startMs,
    services: [...services].sort(),
    types: s?.types ?? [...new Set(d.messages.map((m) => m.type))].sort(),
    spans: d.spans.length,
    messages: d.messages.length,
    errors: s?.errorCount ?? d.spans.filter((x) => x.statusCode === "error").length,
  };
}

export function TraceView({ traceId }: { traceId: string }) {
  const key = traceKeys.detail(traceId);
  useLiveHint("traffic", key);
  const q = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => fetchTrace(traceId, signal),
    retry: (n, err) => n < 2 && !(err instanceof ApiError && (err.status === 404 || err.status === 400)),
  });
  const waterfall = useMemo(() => (q.data ? buildWaterfall(q.data) : null), [q.data]);
  const [selectedId, setSelectedId] = useState<string | null>(null);

  if (q.error instanceof ApiError && (q.error.status === 404 || q.error.status === 400))
    return (
      <div className="flex flex-col gap-4">
        <BackLink />
        <Card>
          <EmptyState icon={SearchX} title="No such trace">
            <p>{q.error.message}</p>
            <p className="mt-1">
              Spans or messages carrying it may not have arrived yet, or were removed by retention.
            </p>
          </EmptyState>
        </Card>
      </div>
    );
  if (q.isError && !q.data)
    return (
      <div className="flex flex-col gap-4">
        <BackLink />
        <Card>
          <LoadError
            title="This trace could not be loaded"
            error={q.error}
            onRetry={() => void q.refetch()}
          />
        </Card>
      </div>
    );
  if (!q.data || !waterfall) return <TraceDetailSkeleton />;

  const detail = q.data;
  const selected: WaterfallRow | undefined =
    waterfall.rows.find((r) => r.id === selectedId) ?? waterfall.rows[0];
  const span = selected?.spanId ? detail.spans.find((s) => s.spanId === selected.spanId) : undefined;
  const message = selected?.messageKey
    ? detail.messages.find((m) => m.key === selected.messageKey)
    : undefined;

  return (
    <div className="flex flex-col gap-4">
      <BackLink />
      <TraceHeader facts={factsOf(detail, waterfall.startMs, waterfall.endMs)} />
      {detail.truncated && (
        <p role="status" className="text-sm text-warn">
          This trace is very large: only its first spans and messages are shown.
        </p>
      )}
      <div className="grid items-start gap-4 xl:grid-cols-[minmax(0,1fr)_380px]">
        <WaterfallChart
          waterfall={waterfall}
          selected={selected?.id ?? null}
          onSelect={(r) => setSelectedId(r.id)}
        />
        <Card as="section" aria-labelledby="details-title" className="xl:sticky xl:top-4">
          <CardHeader id="details-title" title="Details" hint={selected?.label} />
          <div className="max-h-[70vh] overflow-y-auto p-4">
            {span ? (
              <SpanDetails span={span} />
            ) : message ? (
              <MessageDetails message={message} onSelectSpan={(id) => setSelectedId(`span:${id}`)} />
            ) : (
              <p className="text-sm text-fg-subtle">Select a row of the waterfall to see its details.</p>
            )}
          </div>
        </Card>
      </div>
    </div>
  );
}
