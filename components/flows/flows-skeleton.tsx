// The flow page before its data: the card, toolbar and canvas at their final sizes (no jump).
import { Card, CardHeader } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

export const CANVAS_HEIGHT = "h-[min(68dvh,680px)] min-h-[420px]";

export function FlowCanvasSkeleton() {
  return (
    <div
      aria-busy="true"
      aria-label="Loading the flow graph"
      className={`flex items-center justify-around px-10 ${CANVAS_HEIGHT}`}
    >
      {[3, 4, 5].map((n, col) => (
        <div key={col} className="flex flex-col gap-5">
          {Array.from({ length: n }, (_, i) => (
            <Skeleton key={i} className="h-14 w-44" />
          ))}
        </div>
      ))}
    </div>
  );
}

export function FlowsSkeleton() {
  return (
    <Card>
      <CardHeader title="Flow graph" />
      <div className="flex h-[66px] items-end gap-3 border-b border-line px-4 py-3">
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-8 w-36" />
        <Skeleton className="h-8 w-36" />
      </div>
      <FlowCanvasSkeleton />
    </Card>
  );
}
