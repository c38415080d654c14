// Placeholders with the traces pages' geometry, so nothing jumps when the data arrives.
import { Card, CardHeader } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

export function TraceRowsSkeleton({ rows = 8 }: { rows?: number }) {
  return (
    <div aria-busy="true" aria-label="Loading traces" className="flex flex-col">
      <div className="h-8" />
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="flex h-14 items-center gap-6 border-t border-line px-4">
          <Skeleton className="h-4 w-28" />
          <div className="w-48">
            <Skeleton className="h-4 w-40" />
            <Skeleton className="mt-1.5 h-3 w-24" />
          </div>
          <Skeleton className="hidden h-4 w-52 md:block" />
          <Skeleton className="ml-auto h-4 w-16" />
        </div>
      ))}
    </div>
  );
}

export function TracesPageSkeleton() {
  return (
    <Card>
      <CardHeader title="Traces" />
      <div className="h-[154px] border-b border-line px-4 py-3">
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          {Array.from({ length: 4 }, (_, i) => (
            <Skeleton key={i} className="h-14" />
          ))}
        </div>
      </div>
      <TraceRowsSkeleton />
    </Card>
  );
}

export function TraceDetailSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading the trace" className="flex flex-col gap-4">
      <Skeleton className="h-5 w-32" />
      <Card>
        <div className="flex flex-col gap-3 p-4">
          <Skeleton className="h-5 w-96 max-w-full" />
          <Skeleton className="h-4 w-72 max-w-full" />
        </div>
      </Card>
      <Card>
        <CardHeader title="Waterfall" />
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} className="flex h-11 items-center gap-4 border-t border-line px-4 first:border-t-0">
            <Skeleton className="h-3 w-56" />
            <Skeleton className="h-3 flex-1" />
          </div>
        ))}
      </Card>
    </div>
  );
}
