// Flows: who produces and who consumes each event type (planned; see the panel).
import type { Metadata } from "next";
import { ComingNext } from "@/components/shell/coming-next";
import { requireUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Flows" };

export default async function FlowsPage() {
  await requireUser();
  return (
    <ComingNext
      summary="A live graph of services, channels and the events flowing between them."
      planned={[
        "Producer → channel → consumer graph with rates and error ratios on every edge",
        "Pick an edge to see its event types, latency percentiles and recent messages",
        "Slow consumers and edges that dead-letter messages highlighted",
        "Any time window, from the last five minutes to the retention limit",
      ]}
      source="Built from the per-minute rollups (produce, consume and dead-letter edges) that ingest already records."
    />
  );
}
