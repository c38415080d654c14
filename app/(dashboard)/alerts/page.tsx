// Alerts: every rule with its live state, last value and filters in the URL; a rule's page has its
// definition, state per scope and history. The view lives in the URL and is read in the client.
import { Suspense } from "react";
import type { Metadata } from "next";
import { AlertsPageSkeleton } from "@/components/alerts/alerts-skeleton";
import { AlertsView } from "@/components/alerts/alerts-view";
import { requireUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage() {
  await requireUser("events:read");
  return (
    // useSearchParams() needs a boundary; the page renders per request, so it resolves at once.
    <Suspense fallback={<AlertsPageSkeleton />}>
      <AlertsView />
    </Suspense>
  );
}
