// The edit page's client side: the rule loaded (read once: a background refresh must not reset the
// edits), then the form at that version; or a not-found or failure state.
"use client";

import { RuleForm } from "@/components/alerts/rule-form";
import { RuleLoadFailed } from "@/components/alerts/rule-load-failed";
import { BackToRules } from "@/components/alerts/rule-links";
import { useRule } from "@/components/alerts/use-rule";
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

export function RuleFormSkeleton() {
  return (
    <div
      aria-busy="true"
      aria-label="Loading the alert rule"
      className="grid gap-4 lg:grid-cols-[minmax(0,5fr)_minmax(0,6fr)]"
    >
      <Card>
        <div className="flex flex-col gap-4 p-4">
          {Array.from({ length: 9 }, (_, i) => (
            <Skeleton key={i} className="h-9 w-full" />
          ))}
        </div>
      </Card>
      <Card>
        <Skeleton className="m-4 h-72" />
      </Card>
    </div>
  );
}

export function EditRule({ id }: { id: string }) {
  const q = useRule(id, { live: false });
  if (q.isError && !q.data) return <RuleLoadFailed error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <div className="flex flex-col gap-4">
      <BackToRules />
      {q.data ? <RuleForm rule={q.data} /> : <RuleFormSkeleton />}
    </div>
  );
}

export function NewRule() {
  return (
    <div className="flex flex-col gap-4">
      <BackToRules />
      <RuleForm />
    </div>
  );
}
