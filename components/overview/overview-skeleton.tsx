// Loading placeholder with the Overview's exact geometry, so the page does not jump when data lands.
import { Card, CardHeader } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

export function OverviewSkeleton() {
  return (
    <div className="flex flex-col gap-4" aria-busy="true" aria-label="Loading overview">
      <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-5">
        {Array.from({ length: 5 }, (_, i) => (
          <div
            key={i}
            className="h-[88px] rounded-lg border border-line bg-surface px-4 py-3 last:col-span-2 md:last:col-span-1"
          >
            <Skeleton className="h-3 w-24" />
            <Skeleton className="mt-2.5 h-6 w-20" />
            <Skeleton className="mt-2 h-3 w-32" />
          </div>
        ))}
      </div>
      <div className="grid gap-4 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader title="Throughput" hint="last 5 minutes" />
          <div className="flex h-[244px] flex-col gap-2 p-4 sm:flex-row sm:gap-4">
            <div className="shrink-0 sm:w-36">
              <Skeleton className="h-9 w-24" />
              <Skeleton className="mt-2 h-3 w-14" />
            </div>
            <Skeleton className="min-h-0 flex-1" />
          </div>
        </Card>
        <Card>
          <CardHeader title="Channels" />
          <div className="flex h-[244px] flex-col gap-3 p-4">
            {Array.from({ length: 6 }, (_, i) => (
              <Skeleton key={i} className="h-6 w-full" />
            ))}
          </div>
        </Card>
      </div>
      <Card>
        <CardHeader title="Latest events" />
        <div className="flex h-[676px] flex-col gap-2 p-4">
          {Array.from({ length: 20 }, (_, i) => (
            <Skeleton key={i} className="h-6 w-full" />
          ))}
        </div>
      </Card>
    </div>
  );
}
