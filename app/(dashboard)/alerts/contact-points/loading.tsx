import { Card, CardHeader } from "@/components/ui/card";
import { ListRowsSkeleton } from "@/components/ui/list-skeleton";
import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div className="flex flex-col gap-4">
      <Skeleton className="h-5 w-28" />
      <Card>
        <CardHeader title="Contact points" />
        <ListRowsSkeleton label="Loading the contact points" rows={4} cells={["h-4 w-40"]} />
      </Card>
    </div>
  );
}
