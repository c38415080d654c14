// Traces: an event's path across services (planned; see the panel).
import type { Metadata } from "next";
import { ComingNext } from "@/components/shell/coming-next";
import { requireUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Traces" };

export default async function TracesPage() {
  await requireUser();
  return (
    <ComingNext
      summary="Follow one event across services through the trace context it carries."
      planned={[
        "Search by trace id, message id or event type",
        "Waterfall of producer, broker and consumer spans with messaging attributes",
        "Jump from a message to its trace and back",
      ]}
      source="Spans arrive from your apps over OTLP/HTTP (POST /v1/traces); message trace ids are already stored by ingest."
    />
  );
}
