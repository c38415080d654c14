// The catalog list's rows while they load, with the table's geometry so nothing jumps.
import { ListCardSkeleton, ListRowsSkeleton } from "@/components/ui/list-skeleton";

const ROWS = {
  label: "Loading event types",
  cells: ["hidden h-4 w-32 md:block", "hidden h-5 w-28 md:block"],
};

export function CatalogRowsSkeleton() {
  return <ListRowsSkeleton {...ROWS} />;
}

/** The whole list card (header, toolbar, rows) before the page's client side starts. */
export function CatalogListSkeleton() {
  return <ListCardSkeleton title="Event types" filters={["w-36", "w-36"]} {...ROWS} />;
}
