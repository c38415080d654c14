// One alert rule's page: what it watches and when it fires, in words; its state per scope, refreshed
// by each evaluation cycle's live hint; its state history and notification log; the admin's Disable /
// Delete. Or a not-found or failure state.
"use client";

import type { AlertRule } from "@/components/alerts/alerts-api";
import { ExportYamlLink } from "@/components/alerts/export-link";
import { RuleActions } from "@/components/alerts/rule-actions";
import { BackToRules, EditRuleLink } from "@/components/alerts/rule-links";
import { RuleDefinition } from "@/components/alerts/rule-definition";
import { RuleLoadFailed } from "@/components/alerts/rule-load-failed";
import { RuleHistory } from "@/components/alerts/rule-history";
import { NotificationLog } from "@/components/alerts/notification-log";
import { RuleScopes } from "@/components/alerts/rule-scopes";
import { firingCount, ruleSentence } from "@/components/alerts/rule-words";
import { AlertStateBadge, SeverityBadge } from "@/components/alerts/state-badge";
import { useRule } from "@/components/alerts/use-rule";
import { Card } from "@/components/ui/card";
import { SkeletonStack } from "@/components/ui/query-states";
import { Skeleton } from "@/components/ui/skeleton";
import { scopeLabel } from "@/lib/alerts/scopes";

function Header({ r }: { r: AlertRule }) {
  return (
    <Card as="section" aria-labelledby="rule-title">
      <div className="flex flex-wrap items-start gap-3 p-4">
        <div className="min-w-0 flex-1">
          <h2 id="rule-title" className="flex flex-wrap items-center gap-2 text-base font-semibold text-fg">
            <span className="min-w-0 break-words">{r.name}</span>
            <AlertStateBadge state={r.state} count={firingCount(r)} />
            <SeverityBadge severity={r.severity} />
          </h2>
          <p className="mt-1 text-sm text-fg-muted">{ruleSentence(r, scopeLabel(r.scope))}</p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <ExportYamlLink label="Export rules (YAML)" size="md" />
          <EditRuleLink id={r.id} />
          <RuleActions rule={r} />
        </div>
      </div>
    </Card>
  );
}

export function RuleView({ id }: { id: string }) {
  const q = useRule(id, { live: true });
  if (q.isError && !q.data) return <RuleLoadFailed error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return <RuleDetailSkeleton />;
  const r = q.data;
  return (
    <div className="flex flex-col gap-4">
      <BackToRules />
      <Header r={r} />
      <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        {/* On narrow screens the live state and history come first; the definition after. */}
        <div className="order-2 lg:order-1">
          <RuleDefinition r={r} />
        </div>
        <div className="order-1 flex min-w-0 flex-col gap-4 lg:order-2">
          <RuleScopes r={r} />
          <RuleHistory rule={r} />
          <NotificationLog ruleId={r.id} />
        </div>
      </div>
    </div>
  );
}

export function RuleDetailSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading the alert rule" className="flex flex-col gap-4">
      <Skeleton className="h-5 w-28" />
      <Card>
        <div className="flex flex-col gap-3 p-4">
          <Skeleton className="h-6 w-96 max-w-full" />
          <Skeleton className="h-4 w-[32rem] max-w-full" />
        </div>
      </Card>
      <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <Card>
          <SkeletonStack rows={8} className="h-9" />
        </Card>
        <Card>
          <SkeletonStack rows={4} className="h-12" />
        </Card>
      </div>
    </div>
  );
}
