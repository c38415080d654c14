// The dead-letter page's client side: header (state, reason, where it came from and was going, the
// facts), error, payload, headers, failure history, reprocess attempts and the chain — or a
// not-found or failure state. Follows the deadLetters hint, so a state change shows without a reload.
"use client";

import type { ReactNode } from "react";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { dlqKeys, fetchDeadLetter } from "@/components/dlq/dlq-api";
import { DeadLetterActions } from "@/components/dlq/dead-letter-actions";
import { BackLink, DetailUnavailable, Fact, retryUnlessMissing } from "@/components/dlq/detail-states";
import { groupHref } from "@/components/dlq/dlq-filters";
import { DeadLetterDetailSkeleton } from "@/components/dlq/dlq-skeleton";
import {
  Chain,
  FailureHistory,
  HeadersTable,
  ReprocessAttempts,
} from "@/components/dlq/dead-letter-sections";
import { PayloadView } from "@/components/dlq/payload-view";
import { StateBadge } from "@/components/dlq/state-badge";
import { useLiveHint } from "@/components/live/use-live-hint";
import { Card, CardHeader } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import type { DeadLetterDetail } from "@/lib/dead-letters/api-types";
import { formatBytes, formatCount } from "@/lib/overview/format";

function Header({ d }: { d: DeadLetterDetail }) {
  return (
    <Card as="section" aria-labelledby="dl-title">
      <div className="flex flex-col gap-4 p-4">
        <div className="flex flex-wrap items-start gap-3">
          <div className="min-w-0 flex-1">
            <h2 id="dl-title" className="flex flex-wrap items-center gap-2 text-base font-semibold text-fg">
              {d.eventType ?? "Untyped message"}
              <StateBadge state={d.state} />
            </h2>
            <p className="text-sm text-fg-muted">
              {d.reason} · dead-lettered to <span className="font-mono text-xs">{d.dlq.name}</span> on{" "}
              {d.broker}
              {d.originalDestination && (
                <>
                  {" "}
                  from <span className="font-mono text-xs">{d.originalDestination}</span>
                </>
              )}
            </p>
          </div>
          <div data-slot="dead-letter-actions" className="flex items-center gap-2">
            <DeadLetterActions d={d} />
          </div>
        </div>
        <dl className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <Fact label="Message ID">
            <span className="font-mono text-xs" title={d.messageId}>
              {d.messageId}
            </span>
          </Fact>
          <Fact label="Attempts">{formatCount(d.attempts)}</Fact>
          <Fact label="First failure">
            <LocalTime iso={d.firstFailedAt} format="full" />
          </Fact>
          <Fact label="Last failure">
            <LocalTime iso={d.lastFailedAt} format="full" />
          </Fact>
          <Fact label="Producer">{d.producer ?? "—"}</Fact>
          <Fact label="Content type">{d.contentType ?? "—"}</Fact>
          <Fact label="Payload size">{formatBytes(d.payloadSize)}</Fact>
          <Fact label="Trace">
            {d.traceId ? (
              <Link href={`/traces/${d.traceId}`} className="font-mono text-xs text-accent hover:underline">
                {d.traceId.slice(0, 16)}…
              </Link>
            ) : (
              "—"
            )}
          </Fact>
        </dl>
      </div>
    </Card>
  );
}

function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <Card as="section">
      <CardHeader title={title} actions={actions} />
      {children}
    </Card>
  );
}

export function DeadLetterView({ id }: { id: string }) {
  const key = dlqKeys.detail(id);
  useLiveHint("deadLetters", key);
  const q = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => fetchDeadLetter(id, signal),
    retry: retryUnlessMissing,
  });
  if (q.isError && !q.data)
    return (
      <DetailUnavailable
        error={q.error}
        notFound="No such dead letter"
        notFoundHint="It may have been discarded or purged."
        failed="The dead letter could not be loaded"
        onRetry={() => void q.refetch()}
      />
    );
  if (!q.data) return <DeadLetterDetailSkeleton />;
  const d = q.data;
  return (
    <div className="flex flex-col gap-4">
      <BackLink />
      <Header d={d} />
      <Section
        title="Error"
        actions={
          <Link href={groupHref(d.groupId)} className="text-xs text-accent hover:underline">
            All of its failure group
          </Link>
        }
      >
        <div className="flex flex-col gap-2 p-4">
          <pre className="font-mono text-xs whitespace-pre-wrap break-all text-fg">
            {d.error ?? "No error text."}
          </pre>
          {d.errorPattern && (
            <p className="text-xs text-fg-subtle">
              Grouped as <span className="font-mono">{d.errorPattern}</span>
            </p>
          )}
        </div>
      </Section>
      <Section title="Payload">
        <PayloadView payload={d.payload} encoding={d.payloadEncoding} hidden={d.payloadHidden} />
      </Section>
      <Section title="Headers">
        <HeadersTable headers={d.headers} />
      </Section>
      <Section title="Failure history">
        <FailureHistory failures={d.failures} attempts={d.attempts} />
      </Section>
      <Section title="Reprocess attempts">
        <ReprocessAttempts attempts={d.reprocessAttempts} />
      </Section>
      <Section title="Same message, dead-lettered again">
        <Chain links={d.chain} />
      </Section>
    </div>
  );
}
