// Catalog: event types and their schema versions (planned; see the panel).
import type { Metadata } from "next";
import { ComingNext } from "@/components/shell/coming-next";
import { requireUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Event catalog" };

export default async function CatalogPage() {
  await requireUser();
  return (
    <ComingNext
      summary="Every event type seen on your brokers, with the schema each version carries."
      planned={[
        "Searchable list with owner, tags, first and last seen, producers and consumers",
        "Schema versions inferred from payloads (only new shapes are analysed), with diffs",
        "Compatibility verdicts against the previous version (backward, forward, full)",
        "Register a schema and validate incoming events against it; redacted example payloads",
      ]}
      source="Event types are recorded by ingest today; schema inference and registration come with this page."
    />
  );
}
