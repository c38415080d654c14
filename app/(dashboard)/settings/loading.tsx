// Shown under the tabs while a settings page loads (instead of the Overview's skeleton above it).
import { Card } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <Card aria-busy="true">
      <div className="flex h-11 items-center border-b border-line px-4">
        <Skeleton className="h-4 w-32" />
      </div>
      <div className="flex flex-col gap-2 p-4">
        {Array.from({ length: 5 }, (_, i) => (
          <Skeleton key={i} className="h-6 w-full" />
        ))}
      </div>
    </Card>
  );
}
