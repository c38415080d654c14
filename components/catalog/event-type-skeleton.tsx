// The event type page while it loads: its header, traffic and schema panels, greyed out.
import { Card, CardHeader } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

export function EventTypeSkeleton() {
  return (
    <div className="flex flex-col gap-4" aria-busy="true" aria-label="Loading the event type">
      <Card>
        <div className="flex flex-col gap-4 p-4 md:p-5">
          <Skeleton className="h-6 w-72 max-w-full" />
          <Skeleton className="h-4 w-56" />
          <Skeleton className="h-10 w-full" />
        </div>
      </Card>
      <div className="grid gap-4 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader title="Traffic" hint="last hour" />
          <div className="flex flex-col gap-3 p-4">
            <Skeleton className="h-10 w-full" />
            <Skeleton className="h-40 w-full" />
          </div>
        </Card>
        <Card>
          <CardHeader title="Where it flows" />
          <div className="flex flex-col gap-3 p-4">
            {Array.from({ length: 5 }, (_, i) => (
              <Skeleton key={i} className="h-5 w-full" />
            ))}
          </div>
        </Card>
      </div>
      <Card>
        <CardHeader title="Schema" />
        <div className="flex flex-col gap-2 p-4">
          {Array.from({ length: 6 }, (_, i) => (
            <Skeleton key={i} className="h-5 w-2/3" />
          ))}
        </div>
      </Card>
    </div>
  );
}
