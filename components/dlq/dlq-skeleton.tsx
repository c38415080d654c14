// Placeholders with the DLQ pages' geometry, so nothing jumps when the data arrives.
import { Card, CardHeader } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

export function DlqRowsSkeleton({
  rows = 8,
  label = "Loading dead letters",
}: {
  rows?: number;
  label?: string;
}) {
  return (
    <div aria-busy="true" aria-label={label} className="flex flex-col">
      <div className="h-8" />
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="flex h-14 items-center gap-6 border-t border-line px-4">
          <Skeleton className="size-4" />
          <div className="w-56">
            <Skeleton className="h-4 w-40" />
            <Skeleton className="mt-1.5 h-3 w-24" />
          </div>
          <Skeleton className="h-4 w-64" />
          <Skeleton className="ml-auto hidden h-4 w-32 md:block" />
        </div>
      ))}
    </div>
  );
}

export function DlqPageSkeleton() {
  return (
    <Card>
      <CardHeader title="Dead letters" />
      <div className="h-[178px] border-b border-line px-4 py-3">
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          {Array.from({ length: 8 }, (_, i) => (
            <Skeleton key={i} className="h-14" />
          ))}
        </div>
      </div>
      <DlqRowsSkeleton />
    </Card>
  );
}

export function DeadLetterDetailSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading the dead letter" className="flex flex-col gap-4">
      <Skeleton className="h-5 w-32" />
      <Card>
        <div className="flex flex-col gap-3 p-4">
          <Skeleton className="h-6 w-96 max-w-full" />
          <Skeleton className="h-4 w-72 max-w-full" />
        </div>
      </Card>
      <Card>
        <CardHeader title="Payload" />
        <div className="p-4">
          <Skeleton className="h-48 w-full" />
        </div>
      </Card>
    </div>
  );
}
