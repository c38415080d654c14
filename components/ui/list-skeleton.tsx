// A list card while it loads (header, toolbar of filters, rows), with the table's geometry so nothing
// jumps when the rows arrive. `cells` are the class names of the placeholders between a row's
// two-line name and its right-hand figure (each list's own columns).
import { Card, CardHeader } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

type Rows = { label: string; cells: string[]; rows?: number };

export function ListRowsSkeleton({ label, cells, rows = 8 }: Rows) {
  return (
    <div aria-busy="true" aria-label={label} className="flex flex-col">
      <div className="h-8" />
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="flex h-14 items-center gap-6 border-t border-line px-4">
          <div className="w-64 shrink-0">
            <Skeleton className="h-4 w-44" />
            <Skeleton className="mt-1.5 h-3 w-56" />
          </div>
          {cells.map((c, k) => (
            <Skeleton key={k} className={c} />
          ))}
          <Skeleton className="ml-auto h-4 w-16" />
        </div>
      ))}
    </div>
  );
}

/** The whole card before the page's client side starts; `filters` are the toolbar's widths after the search box. */
export function ListCardSkeleton({ title, filters, ...rows }: Rows & { title: string; filters: string[] }) {
  return (
    <Card>
      <CardHeader title={title} />
      <div className="flex h-[66px] items-end gap-3 border-b border-line px-4 py-3">
        <Skeleton className="h-8 w-64" />
        {filters.map((w, k) => (
          <Skeleton key={k} className={`hidden h-8 ${w} md:block`} />
        ))}
      </div>
      <ListRowsSkeleton {...rows} />
    </Card>
  );
}
