// Latency: p50/p95/p99 and throughput over time for an event type, channel, service or hop, the
// window's distribution and the previous period, from the rollups' histograms. The data is read
// from the latency API in the client, where the page's state lives (in the URL).
import { Suspense } from "react";
import type { Metadata } from "next";
import { LatencyPageSkeleton } from "@/components/latency/latency-skeleton";
import { LatencyView } from "@/components/latency/latency-view";
import { requireUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Latency" };

export default async function LatencyPage() {
  await requireUser("events:read");
  return (
    // useSearchParams() needs a boundary; the page renders per request, so it resolves at once.
    <Suspense fallback={<LatencyPageSkeleton />}>
      <LatencyView />
    </Suspense>
  );
}
