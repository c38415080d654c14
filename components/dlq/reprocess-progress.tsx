// One reprocess request's progress: n of N with a bar, succeeded / failed / cancelled / skipped, who
// asked and how, the failures with the collectors' reasons, and Cancel (with a confirmation) while
// it runs. Follows the `reprocess` live hint, and the page lives at /dlq/reprocess/<id>, so a
// reload (or a shared link) shows the same.
"use client";

import { useState, type ReactNode } from "react";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCan } from "@/components/auth/viewer-context";
import { BackLink, DetailUnavailable, Fact, retryUnlessMissing } from "@/components/dlq/detail-states";
import { deadLetterHref, groupHref } from "@/components/dlq/dlq-filters";
import {
  cancelReprocess,
  chosenCount,
  fetchReprocessRequest,
  progressOf,
  reprocessKeys,
} from "@/components/dlq/reprocess-api";
import { useLiveHint } from "@/components/live/use-live-hint";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormError } from "@/components/ui/form-error";
import { LocalTime } from "@/components/ui/local-time";
import { Skeleton } from "@/components/ui/skeleton";
import { formatCount, formatMs, formatRate } from "@/lib/overview/format";
import type { ReprocessRequestDetail, ReprocessRequestSummary } from "@/lib/reprocess/get-request";

const RUNNING_POLL_MS = 5_000;
const STATE_TONE = { running: "accent", done: "ok", cancelled: "neutral" } as const;
const STATE_WORD = { running: "Running", done: "Done", cancelled: "Cancelled" } as const;

export function RequestStateBadge({ r }: { r: ReprocessRequestSummary }) {
  return <Badge tone={STATE_TONE[r.state]}>{STATE_WORD[r.state]}</Badge>;
}

/** The bar and "n of N", shared by the progress page and the recent-requests list. */
export function ProgressBar({ r, label }: { r: ReprocessRequestSummary; label: string }) {
  const { done, total, percent } = progressOf(r);
  const failedPart = total === 0 ? 0 : (r.failed / total) * 100;
  return (
    <div className="flex min-w-0 items-center gap-3">
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={`${formatCount(done)} of ${formatCount(total)}`}
        className="relative h-2 min-w-24 flex-1 overflow-hidden rounded-full bg-surface-2"
      >
        <div
          className="absolute inset-y-0 left-0 bg-accent transition-[width]"
          style={{ width: `${percent}%` }}
        />
        <div
          className="absolute inset-y-0 bg-danger"
          style={{
            left: `${percent - Math.min(failedPart, percent)}%`,
            width: `${Math.min(failedPart, percent)}%`,
          }}
        />
      </div>
      <span className="shrink-0 text-sm text-fg tabular-nums">
        {formatCount(done)} of {formatCount(total)}
      </span>
    </div>
  );
}

function Count({ label, value, tone }: { label: string; value: number; tone?: string }) {
  return (
    <div className="flex flex-col">
      <dt className="text-xs text-fg-subtle">{label}</dt>
      <dd className={`text-lg font-semibold tabular-nums ${tone ?? "text-fg"}`}>{formatCount(value)}</dd>
    </div>
  );
}

function selectorText(r: ReprocessRequestDetail): ReactNode {
  const s = r.selector;
  const chosen = chosenCount(s);
  if (chosen === 1 && Array.isArray(s.ids) && typeof s.ids[0] === "string")
    return (
      <Link href={deadLetterHref(s.ids[0])} className="text-accent hover:underline">
        1 chosen dead letter
      </Link>
    );
  if (chosen !== null)
    return chosen === 1 ? "1 chosen dead letter" : `${formatCount(chosen)} chosen dead letters`;
  if (typeof s.groupId === "string")
    // The group's hash means nothing to a reader; its type and reason do (its dead letters all gone: the hash).
    return r.group ? (
      <Link
        href={groupHref(s.groupId)}
        title={`${r.group.eventType ?? "Untyped messages"} · ${r.group.reason}`}
        className="text-accent hover:underline"
      >
        {r.group.eventType ?? "Untyped messages"} · {r.group.reason}
      </Link>
    ) : (
      `failure group ${s.groupId.slice(0, 8)}…`
    );
  if (s.filter && typeof s.filter === "object") {
    const parts = Object.entries(s.filter as Record<string, unknown>).map(([k, v]) => `${k}=${String(v)}`);
    return parts.length ? `filter ${parts.join(", ")}` : "every dead letter";
  }
  return "—";
}

/**
 * How long a finished request took and its rate over the messages it republished ("1.24 s · 8,064
 * msgs/s"); null while it runs (the progress bar says how far it is).
 */
export function tookText(
  r: Pick<ReprocessRequestSummary, "createdAt" | "finishedAt" | "succeeded" | "failed">,
) {
  if (r.finishedAt === null) return null;
  const ms = Math.max(0, Date.parse(r.finishedAt) - Date.parse(r.createdAt));
  const done = r.succeeded + r.failed;
  if (done === 0 || ms < 1000) return formatMs(ms);
  return `${formatMs(ms)} · ${formatRate((done * 1000) / ms)} msgs/s`;
}

function CancelButton({ id }: { id: string }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const cancel = useMutation({
    mutationFn: () => cancelReprocess(id),
    onSuccess: () => {
      setOpen(false);
      void queryClient.invalidateQueries({ queryKey: reprocessKeys.all });
    },
  });
  return (
    <>
      <Button size="sm" variant="danger" onClick={() => setOpen(true)}>
        Cancel request
      </Button>
      <ConfirmDialog
        open={open}
        onClose={() => setOpen(false)}
        onConfirm={() => cancel.mutate()}
        busy={cancel.isPending}
        title="Cancel this reprocess request?"
        confirmLabel="Cancel request"
      >
        <p>
          Messages not yet handed to a collector are not sent, and their dead letters go back to the state
          they had. Those already sent finish, and their outcome still counts.
        </p>
        <FormError className="mt-3" message={cancel.error?.message ?? null} />
      </ConfirmDialog>
    </>
  );
}

function Failures({ r }: { r: ReprocessRequestDetail }) {
  if (r.failed === 0) return <p className="px-4 py-6 text-center text-sm text-fg-subtle">No failures.</p>;
  return (
    <>
      <ul aria-label="Failures" className="divide-y divide-line">
        {r.failures.map((f, i) => (
          <li key={`${f.deadLetterId ?? "purged"}-${i}`} className="flex flex-col gap-1 px-4 py-2.5 text-sm">
            <div className="flex flex-wrap items-center gap-2 text-xs text-fg-subtle">
              {f.deadLetterId ? (
                <Link href={deadLetterHref(f.deadLetterId)} className="font-mono text-accent hover:underline">
                  {f.deadLetterId}
                </Link>
              ) : (
                <span>dead letter purged since</span>
              )}
              {f.finishedAt && <LocalTime iso={f.finishedAt} format="full" />}
            </div>
            <p className="font-mono text-xs break-all text-danger">{f.error ?? "no reason given"}</p>
          </li>
        ))}
      </ul>
      {r.failed > r.failures.length && (
        <p className="border-t border-line px-4 py-2 text-xs text-fg-subtle">
          The first {formatCount(r.failures.length)} of {formatCount(r.failed)} failures.
        </p>
      )}
    </>
  );
}

export function ReprocessProgress({ id }: { id: string }) {
  const key = reprocessKeys.request(id);
  useLiveHint("reprocess", key);
  const canCancel = useCan("dlq:reprocess");
  const q = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => fetchReprocessRequest(id, signal),
    retry: retryUnlessMissing,
    // The hint is only a hint: one pushed between the first fetch and the subscription is missed,
    // so a running request is also re-read now and then.
    refetchInterval: (query) => (query.state.data?.state === "running" ? RUNNING_POLL_MS : false),
  });
  if (q.isError && !q.data)
    return (
      <DetailUnavailable
        error={q.error}
        notFound="No such reprocess request"
        failed="The request could not be loaded"
        onRetry={() => void q.refetch()}
      />
    );
  if (!q.data)
    return (
      <div className="flex flex-col gap-4" aria-busy="true" aria-label="Loading the request">
        <BackLink />
        <Skeleton className="h-48 w-full" />
        <Skeleton className="h-32 w-full" />
      </div>
    );
  const r = q.data;
  return (
    <div className="flex flex-col gap-4">
      <BackLink />
      <Card as="section" aria-labelledby="rq-title">
        <div className="flex flex-col gap-4 p-4">
          <div className="flex flex-wrap items-center gap-3">
            <h2 id="rq-title" className="flex items-center gap-2 text-base font-semibold text-fg">
              Reprocess request
              <RequestStateBadge r={r} />
            </h2>
            <div className="ml-auto">{canCancel && r.state === "running" && <CancelButton id={r.id} />}</div>
          </div>
          <ProgressBar r={r} label="Progress" />
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5">
            <Count label="Succeeded" value={r.succeeded} tone="text-ok" />
            <Count label="Failed" value={r.failed} tone={r.failed > 0 ? "text-danger" : undefined} />
            <Count label="Cancelled" value={r.cancelled} />
            <Count label="Sent, awaiting outcome" value={Math.max(0, r.sent - r.succeeded - r.failed)} />
            <Count label="Skipped" value={r.skipped} />
          </dl>
          {r.possibleDuplicates > 0 && (
            <p
              role="note"
              className="rounded-md border border-line bg-surface-2 px-3 py-2 text-sm text-fg-muted"
            >
              {formatCount(r.possibleDuplicates)} {r.possibleDuplicates === 1 ? "message" : "messages"} may
              have reached the broker twice: a collector stopped abruptly while publishing them and published
              them again. Each copy carries the{" "}
              <code className="font-mono text-xs">x-eventscope-reprocess-id</code> header, so consumers can
              drop the second one.
            </p>
          )}
          <dl className="grid gap-3 border-t border-line pt-3 sm:grid-cols-3">
            <Fact label="What">{selectorText(r)}</Fact>
            <Fact label="Destination">
              {r.target
                ? `${r.target.channel}${r.target.subject ? ` (${r.target.subject})` : ""}`
                : "Each original"}
            </Fact>
            <Fact label="Rate limit">
              {formatCount(r.ratePerSecond)} messages/s{r.force ? " · including already reprocessed" : ""}
            </Fact>
            <Fact label="Requested by">
              <span title={r.requestedBy.label ?? undefined}>{r.requestedBy.label ?? "—"}</span>
            </Fact>
            <Fact label="Requested at">
              <LocalTime iso={r.createdAt} format="full" />
            </Fact>
            <Fact label="Took">{tookText(r) ?? "still running"}</Fact>
          </dl>
        </div>
      </Card>
      <Card as="section">
        <CardHeader title="Failures" />
        <Failures r={r} />
      </Card>
    </div>
  );
}
