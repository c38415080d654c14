// DLQ: dead-lettered messages and reprocessing (planned; see the panel).
import type { Metadata } from "next";
import { ComingNext } from "@/components/shell/coming-next";
import { requireUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Dead-letter queues" };

export default async function DlqPage() {
  await requireUser();
  return (
    <ComingNext
      summary="Dead-lettered messages, stored in full, with one-click reprocessing."
      planned={[
        "Grouped by queue, reason and error text, with full payloads and headers",
        "Reprocess to the original destination through its collector, with each message's outcome",
        "A second click, a retried command or a collector restart never republishes a message twice",
        "Discard with an audit entry",
      ]}
      source="Collectors acknowledge a dead letter on the broker only after Eventscope has stored it."
    />
  );
}
