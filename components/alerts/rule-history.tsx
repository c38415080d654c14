// A rule's state history: every transition, newest first, a page at a time ("Load older") — when,
// which scope, from which state to which, the value against the threshold and the summary it sent.
"use client";

import { History } from "lucide-react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { alertKeys, fetchHistory, type AlertRule, type Transition } from "@/components/alerts/alerts-api";
import { thresholdOf, valueWords } from "@/components/alerts/rule-words";
import { QueryStates, SkeletonStack } from "@/components/ui/query-states";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LoadMore } from "@/components/ui/load-more";
import { LocalTime } from "@/components/ui/local-time";

const EVENT = {
  firing: { label: "Firing", tone: "danger" },
  pending: { label: "Pending", tone: "warn" },
  resolved: { label: "Resolved", tone: "ok" },
  normal: { label: "Normal", tone: "ok" },
  nodata: { label: "No data", tone: "neutral" },
  error: { label: "Error", tone: "danger" },
} as const;

function EventBadge({ event }: { event: string }) {
  const e = EVENT[event as keyof typeof EVENT] ?? { label: event, tone: "neutral" as const };
  return <Badge tone={e.tone}>{e.label}</Badge>;
}

export function RuleHistory({ rule }: { rule: AlertRule }) {
  const q = useInfiniteQuery({
    queryKey: alertKeys.history(rule.id),
    queryFn: ({ pageParam, signal }) => fetchHistory(rule.id, pageParam, signal),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
  const items = q.data?.pages.flatMap((p) => p.transitions) ?? [];
  const many = new Set(rule.instances.map((i) => i.scopeKey)).size > 1;

  return (
    <Card as="section" aria-labelledby="history-title">
      <CardHeader id="history-title" title="State history" hint="newest first" />
      <QueryStates
        query={q}
        failed="The history could not be loaded"
        loading={<SkeletonStack label="Loading the history" rows={3} className="h-10" />}
        empty={
          items.length === 0 && (
            <EmptyState icon={History} title="No state change yet">
              <p>
                Each time the rule goes pending, fires, resolves or has no data, the change is listed here.
              </p>
            </EmptyState>
          )
        }
      >
        <ol aria-label="State changes" className="flex flex-col">
          {items.map((t) => (
            <Entry key={t.id} t={t} rule={rule} showScope={many} />
          ))}
        </ol>
        <LoadMore pages={q} label="Load older" />
      </QueryStates>
    </Card>
  );
}

function Entry({ t, rule, showScope }: { t: Transition; rule: AlertRule; showScope: boolean }) {
  return (
    <li className="grid grid-cols-[7.5rem_1fr] gap-x-4 gap-y-1 border-t border-line px-4 py-3 first:border-t-0 sm:grid-cols-[10rem_6rem_1fr]">
      <span className="text-xs text-fg-muted tabular-nums">
        <LocalTime iso={t.at} format="full" />
      </span>
      <span>
        <EventBadge event={t.event} />
      </span>
      <div className="col-span-2 min-w-0 text-sm sm:col-span-1">
        <p className="text-fg">{t.summary ?? `${t.from} → ${t.to}`}</p>
        <p className="text-xs text-fg-subtle">
          {t.from} → {t.to}
          {t.value !== null && <> · value {valueWords(rule, t.value)}</>}
          {t.threshold !== null && thresholdOf(rule) !== null && (
            <> · threshold {valueWords(rule, t.threshold)}</>
          )}
          {showScope && <> · {t.scopeKey}</>}
          {t.ruleVersion !== rule.version && <> · rule v{t.ruleVersion}</>}
        </p>
      </div>
    </li>
  );
}
