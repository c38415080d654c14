// The rules list while it loads, with the table's geometry so nothing jumps.
import { Card, CardHeader } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

export function RuleRowsSkeleton({ rows = 6 }: { rows?: number }) {
  return (
    <div aria-busy="true" aria-label="Loading alert rules" className="flex flex-col">
      <div className="h-8" />
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="flex h-14 items-center gap-6 border-t border-line px-4">
          <div className="w-64 shrink-0">
            <Skeleton className="h-4 w-44" />
            <Skeleton className="mt-1.5 h-3 w-56" />
          </div>
          <Skeleton className="hidden h-5 w-20 md:block" />
          <Skeleton className="hidden h-4 w-32 md:block" />
          <Skeleton className="ml-auto h-4 w-16" />
        </div>
      ))}
    </div>
  );
}

export function AlertsPageSkeleton() {
  return (
    <Card>
      <CardHeader title="Alert rules" />
      <div className="flex h-[66px] items-end gap-3 border-b border-line px-4 py-3">
        <Skeleton className="h-8 w-64" />
        <Skeleton className="hidden h-8 w-32 md:block" />
        <Skeleton className="hidden h-8 w-32 md:block" />
        <Skeleton className="hidden h-8 w-32 md:block" />
      </div>
      <RuleRowsSkeleton />
    </Card>
  );
}
