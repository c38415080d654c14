// The edit page's client side: the rule loaded (read once: a background refresh must not reset the
// edits), then the form at that version; or a not-found or failure state.
"use client";

import { useQuery } from "@tanstack/react-query";
import { SearchX } from "lucide-react";
import { alertKeys, fetchRule } from "@/components/alerts/alerts-api";
import { RuleForm } from "@/components/alerts/rule-form";
import { BackToRules } from "@/components/alerts/rule-view";
import { retryUnlessMissing } from "@/components/dlq/detail-states";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LoadError } from "@/components/ui/load-error";
import { Skeleton } from "@/components/ui/skeleton";
import { ApiError } from "@/lib/http/api-client";

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
  const q = useQuery({
    queryKey: alertKeys.rule(id),
    queryFn: ({ signal }) => fetchRule(id, signal),
    retry: retryUnlessMissing,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  if (q.isError && !q.data) {
    const missing = q.error instanceof ApiError && (q.error.status === 404 || q.error.status === 400);
    return (
      <div className="flex flex-col gap-4">
        <BackToRules />
        <Card>
          {missing ? (
            <EmptyState icon={SearchX} title="No such alert rule">
              <p>{q.error.message}</p>
            </EmptyState>
          ) : (
            <LoadError
              title="The alert rule could not be loaded"
              error={q.error}
              onRetry={() => void q.refetch()}
            />
          )}
        </Card>
      </div>
    );
  }
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
