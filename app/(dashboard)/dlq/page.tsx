// DLQ: every dead letter across brokers, live, as messages or failure groups, with filters, sorts
// and a selection for the bulk actions. The view lives in the URL and is read in the client.
import { Suspense } from "react";
import type { Metadata } from "next";
import { DlqPageSkeleton } from "@/components/dlq/dlq-skeleton";
import { DlqView } from "@/components/dlq/dlq-view";
import { requireUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Dead-letter queues" };

export default async function DlqPage() {
  await requireUser("events:read");
  return (
    // useSearchParams() needs a boundary; the page renders per request, so it resolves at once.
    <Suspense fallback={<DlqPageSkeleton />}>
      <DlqView />
    </Suspense>
  );
}
