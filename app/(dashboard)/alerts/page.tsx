// Alerts: rules, states and notifications (planned; see the panel).
import type { Metadata } from "next";
import { ComingNext } from "@/components/shell/coming-next";
import { requireUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage() {
  await requireUser();
  return (
    <ComingNext
      summary="Alert rules evaluated over the rollups, with their state history."
      planned={[
        "Rules on latency, error rate, DLQ depth, throughput, consumer lag, schema changes and silent collectors",
        "Pending, firing and resolved states with history per rule and scope",
        "Webhook, Slack and email notifications; silences with a comment and an end time",
      ]}
    />
  );
}
