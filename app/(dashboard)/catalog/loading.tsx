// Shown while the catalog page checks access and starts.
import { CatalogListSkeleton } from "@/components/catalog/catalog-skeleton";

export default function Loading() {
  return <CatalogListSkeleton />;
}
