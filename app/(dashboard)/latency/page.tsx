// Latency: producer-to-consumer percentiles (planned; see the panel).
import type { Metadata } from "next";
import { ComingNext } from "@/components/shell/coming-next";
import { requireUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Latency" };

export default async function LatencyPage() {
  await requireUser();
  return (
    <ComingNext
      summary="How long events take from producer to consumer, per channel, event type and consumer."
      planned={[
        "p50, p95 and p99 over any window, merged from per-minute histograms",
        "Latency heatmap per consumer and comparison with the previous period",
        "Outliers linked to their messages and traces",
      ]}
      source="Percentiles come from fixed log-scale buckets in the rollups (within about 5 %), never from scans of raw messages."
    />
  );
}
