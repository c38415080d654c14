// Flows: a live graph of services, channels and dead-letter queues with the events flowing between
// them, built from the per-minute rollups. The graph is read from the flows API in the client,
// where its window, filters and selection live (in the URL).
import { Suspense } from "react";
import type { Metadata } from "next";
import { FlowsSkeleton } from "@/components/flows/flows-skeleton";
import { FlowsView } from "@/components/flows/flows-view";
import { requireUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Flows" };

export default async function FlowsPage() {
  await requireUser("events:read");
  return (
    // useSearchParams() needs a boundary; the page renders per request, so it resolves at once.
    <Suspense fallback={<FlowsSkeleton />}>
      <FlowsView />
    </Suspense>
  );
}
