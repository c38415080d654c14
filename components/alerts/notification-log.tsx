// A rule's notification log: each notification (firing, resolved, repeat) newest first, to which
// contact point, for which scopes, its status, every attempt (time, HTTP status or error, duration)
// and, while it is being retried, when the next attempt is due. A page at a time ("Load older").
"use client";

import { Send } from "lucide-react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { alertKeys } from "@/components/alerts/alerts-api";
import { QueryStates, SkeletonStack } from "@/components/ui/query-states";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LoadMore } from "@/components/ui/load-more";
import { LocalTime } from "@/components/ui/local-time";
import { apiFetch } from "@/lib/http/api-client";

const PAGE = 20;

type Attempt = {
  at: string;
  ok: boolean;
  responseCode: number | null;
  error: string | null;
  durationMs: number;
};

export type NotificationEntry = {
  id: number;
  contactPoint: string;
  kind: string;
  status: string;
  scopes: string[];
  attempts: number;
  nextAttemptAt: string | null;
  createdAt: string;
  finishedAt: string | null;
  lastError: string | null;
  log: Attempt[];
};

function fetchNotifications(ruleId: string, before: number | undefined, signal: AbortSignal) {
  const q = new URLSearchParams({ ruleId, limit: String(PAGE) });
  if (before !== undefined) q.set("before", String(before));
  return apiFetch<{ notifications: NotificationEntry[]; nextBefore: number | null }>(
    `/api/v1/contact-points/notifications?${q}`,
    { signal },
  );
}

const KIND = {
  firing: { label: "Firing", tone: "danger" },
  resolved: { label: "Resolved", tone: "ok" },
  repeat: { label: "Repeat", tone: "warn" },
  test: { label: "Test", tone: "neutral" },
} as const;

const STATUS = {
  sent: { label: "sent", tone: "ok" },
  pending: { label: "retrying", tone: "warn" },
  sending: { label: "sending", tone: "neutral" },
  failed: { label: "failed", tone: "danger" },
  silenced: { label: "silenced", tone: "neutral" },
} as const;

function tagOf<T extends Record<string, { label: string; tone: "ok" | "warn" | "danger" | "neutral" }>>(
  table: T,
  key: string,
) {
  return table[key as keyof T] ?? { label: key, tone: "neutral" as const };
}

/** Under `alertKeys.all`: the rule page's live hint refetches it with the rest. */
export const notificationLogKey = (ruleId: string) => [...alertKeys.all, "notifications", ruleId] as const;

export function NotificationLog({ ruleId }: { ruleId: string }) {
  const q = useInfiniteQuery({
    queryKey: notificationLogKey(ruleId),
    queryFn: ({ pageParam, signal }) => fetchNotifications(ruleId, pageParam, signal),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
  const items = q.data?.pages.flatMap((p) => p.notifications) ?? [];
  return (
    <Card as="section" aria-labelledby="notifications-title">
      <CardHeader id="notifications-title" title="Notifications" hint="newest first" />
      <QueryStates
        query={q}
        failed="The notification log could not be loaded"
        loading={<SkeletonStack label="Loading the notification log" rows={2} className="h-12" />}
        empty={
          items.length === 0 && (
            <EmptyState icon={Send} title="No notification yet">
              <p>
                When the rule fires, resolves, or keeps firing past the repeat interval, each contact
                point&apos;s notification and its delivery attempts are listed here.
              </p>
            </EmptyState>
          )
        }
      >
        <ol aria-label="Notifications" className="flex flex-col">
          {items.map((n) => (
            <Entry key={n.id} n={n} />
          ))}
        </ol>
        <LoadMore pages={q} label="Load older" />
      </QueryStates>
    </Card>
  );
}

function Entry({ n }: { n: NotificationEntry }) {
  const kind = tagOf(KIND, n.kind);
  const status = tagOf(STATUS, n.status);
  return (
    <li className="flex flex-col gap-1.5 border-t border-line px-4 py-3 first:border-t-0">
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
        <Badge tone={kind.tone}>{kind.label}</Badge>
        <span className="font-medium text-fg">→ {n.contactPoint}</span>
        <Badge tone={status.tone}>{status.label}</Badge>
        <span className="ml-auto text-xs text-fg-muted tabular-nums">
          <LocalTime iso={n.createdAt} format="full" />
        </span>
      </div>
      {n.scopes.length > 0 && (
        <p className="truncate font-mono text-xs text-fg-subtle" title={n.scopes.join(", ")}>
          {n.scopes.join(", ")}
        </p>
      )}
      {n.status === "silenced" && (
        <p className="text-xs text-fg-muted">Not sent: every scope in it was silenced at send time.</p>
      )}
      {n.log.length > 0 && (
        <ol aria-label="Attempts" className="flex flex-col gap-0.5 text-xs">
          {n.log.map((a, i) => (
            <li key={i} className="flex flex-wrap gap-x-2 text-fg-muted tabular-nums">
              <span>#{i + 1}</span>
              <LocalTime iso={a.at} format="full" />
              <span className={a.ok ? "text-ok" : "text-danger"}>
                {a.ok ? "delivered" : "failed"}
                {a.responseCode !== null && ` · HTTP ${a.responseCode}`}
              </span>
              <span>{Math.round(a.durationMs)} ms</span>
              {a.error && <span className="min-w-0 break-words text-danger">{a.error}</span>}
            </li>
          ))}
        </ol>
      )}
      {n.nextAttemptAt && (
        <p className="text-xs text-warn">
          Next attempt <LocalTime iso={n.nextAttemptAt} format="full" />
        </p>
      )}
    </li>
  );
}
