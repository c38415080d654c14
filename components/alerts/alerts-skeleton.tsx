// The rules list while it loads, with the table's geometry so nothing jumps.
import { ListCardSkeleton, ListRowsSkeleton } from "@/components/ui/list-skeleton";

const ROWS = {
  label: "Loading alert rules",
  rows: 6,
  cells: ["hidden h-5 w-20 md:block", "hidden h-4 w-32 md:block"],
};

export function RuleRowsSkeleton() {
  return <ListRowsSkeleton {...ROWS} />;
}

export function AlertsPageSkeleton() {
  return <ListCardSkeleton title="Alert rules" filters={["w-32", "w-32", "w-32"]} {...ROWS} />;
}
