// An event type: its details, traffic, channels and services, schema (tree and JSON), versions
// with diffs and compatibility, drift, violations and samples. The name is URL-encoded in the path.
import type { Metadata } from "next";
import { EventTypeView } from "@/components/catalog/event-type-view";
import { requireUser } from "@/lib/auth/current-user";

type Props = { params: Promise<{ name: string }> };

/** The type's name from its path segment; a malformed escape is taken as it is. */
function typeName(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // not percent-encoded: the segment is the name
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${typeName((await params).name)} · Event catalog` };
}

export default async function EventTypePage({ params }: Props) {
  await requireUser("events:read");
  const name = typeName((await params).name);
  return <EventTypeView key={name} name={name} />;
}
