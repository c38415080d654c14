// Traces: search by trace or message id, event type, service, time, duration or errors; each
// result opens the trace's waterfall. The search lives in the URL and is read in the client.
import { Suspense } from "react";
import type { Metadata } from "next";
import { TracesPageSkeleton } from "@/components/traces/traces-skeleton";
import { TracesView } from "@/components/traces/traces-view";
import { requireUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Traces" };

export default async function TracesPage() {
  await requireUser("events:read");
  return (
    // useSearchParams() needs a boundary; the page renders per request, so it resolves at once.
    <Suspense fallback={<TracesPageSkeleton />}>
      <TracesView />
    </Suspense>
  );
}
