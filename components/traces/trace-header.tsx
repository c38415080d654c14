// The trace page's header: its id (copyable), root, start, duration, counts, the services and event
// types it crossed, and where to look next (latency and flows of its types).
"use client";

import type { ReactNode } from "react";
import Link from "next/link";
import { CopyButton } from "@/components/catalog/copy-button";
import { formatDuration } from "@/components/traces/waterfall-model";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { formatCount } from "@/lib/overview/format";

export type HeaderFacts = {
  traceId: string;
  rootName: string | null;
  rootService: string | null;
  startedAt: string | null;
  durationMs: number;
  services: string[];
  types: string[];
  spans: number;
  messages: number;
  errors: number;
};

function Stat({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex flex-col">
      <span className="text-xs text-fg-subtle">{label}</span>
      <span className="text-sm font-medium text-fg tabular-nums">{children}</span>
    </div>
  );
}

export function TraceHeader({ facts: f }: { facts: HeaderFacts }) {
  const firstType = f.types[0];
  return (
    <Card as="section" aria-labelledby="trace-title">
      <div className="flex flex-col gap-4 p-4">
        <div className="flex flex-wrap items-start gap-3">
          <div className="min-w-0 flex-1">
            <h2 id="trace-title" className="truncate text-base font-semibold text-fg">
              {f.rootName ?? "Trace"}
              {f.rootService && <span className="font-normal text-fg-muted"> · {f.rootService}</span>}
            </h2>
            <p className="truncate font-mono text-xs text-fg-muted" aria-label="Trace ID">
              {f.traceId}
            </p>
          </div>
          <CopyButton text={f.traceId} label="Copy trace ID" />
        </div>
        <div className="flex flex-wrap gap-x-8 gap-y-3">
          <Stat label="Started">{f.startedAt ? <LocalTime iso={f.startedAt} format="full" /> : "—"}</Stat>
          <Stat label="Duration">{formatDuration(f.durationMs)}</Stat>
          <Stat label="Spans">{formatCount(f.spans)}</Stat>
          <Stat label="Messages">{formatCount(f.messages)}</Stat>
          <Stat label="Errors">
            {f.errors > 0 ? <Badge tone="danger">{formatCount(f.errors)}</Badge> : "0"}
          </Stat>
        </div>
        <div className="flex flex-col gap-2 text-sm">
          <div className="flex flex-wrap items-center gap-1.5">
            <span className="w-24 text-xs text-fg-subtle">Services</span>
            {f.services.length === 0 ? (
              <span className="text-fg-subtle">—</span>
            ) : (
              f.services.map((s) => <Badge key={s}>{s}</Badge>)
            )}
          </div>
          <div className="flex flex-wrap items-center gap-1.5">
            <span className="w-24 text-xs text-fg-subtle">Event types</span>
            {f.types.length === 0 ? (
              <span className="text-fg-subtle">—</span>
            ) : (
              f.types.map((t) => (
                <Link
                  key={t}
                  href={`/catalog/${encodeURIComponent(t)}`}
                  className="text-accent hover:underline"
                >
                  {t}
                </Link>
              ))
            )}
          </div>
          {firstType && (
            <div className="flex flex-wrap gap-4 text-xs">
              <Link
                href={`/latency?type=${encodeURIComponent(firstType)}`}
                className="text-accent hover:underline"
              >
                Latency of {firstType} →
              </Link>
              <Link
                href={`/flows?type=${encodeURIComponent(firstType)}`}
                className="text-accent hover:underline"
              >
                Flow of {firstType} →
              </Link>
            </div>
          )}
        </div>
      </div>
    </Card>
  );
}
