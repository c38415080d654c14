// The Latency page before its data arrives, with the panels' geometry so nothing jumps.
import { Card, CardHeader } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

export function LatencyChartsSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading latency" className="flex flex-col gap-3">
      <div className="grid grid-cols-2 gap-x-4 gap-y-3 px-4 py-3 sm:grid-cols-5">
        {Array.from({ length: 5 }, (_, i) => (
          <div key={i}>
            <Skeleton className="h-3 w-10" />
            <Skeleton className="mt-1.5 h-6 w-20" />
          </div>
        ))}
      </div>
    </div>
  );
}

export function LatencyPageSkeleton() {
  return (
    <div className="flex flex-col gap-3 md:gap-5">
      <Card>
        <CardHeader title="Latency" />
        <div className="flex h-[118px] flex-col gap-3 border-b border-line px-4 py-3">
          <div className="flex gap-4">
            {Array.from({ length: 4 }, (_, i) => (
              <Skeleton key={i} className="h-12 w-48" />
            ))}
          </div>
          <Skeleton className="h-8 w-72" />
        </div>
        <LatencyChartsSkeleton />
      </Card>
      <Card>
        <CardHeader title="Percentiles" />
        <div className="h-80 p-4">
          <Skeleton className="size-full" />
        </div>
      </Card>
    </div>
  );
}
