// Catalog: every event type seen on the brokers (or registered), searchable and filterable, with
// its throughput, schema versions and status. The list is read from the catalog API in the client,
// where its search and filters live (in the URL).
import { Suspense } from "react";
import type { Metadata } from "next";
import { CatalogListSkeleton } from "@/components/catalog/catalog-skeleton";
import { CatalogView } from "@/components/catalog/catalog-view";
import { requireUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Event catalog" };

export default async function CatalogPage() {
  await requireUser("events:read");
  return (
    // useSearchParams() needs a boundary; the page renders per request, so it resolves at once.
    <Suspense fallback={<CatalogListSkeleton />}>
      <CatalogView />
    </Suspense>
  );
}
