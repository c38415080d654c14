// An event type: its details, traffic, channels and services, schema (tree and JSON), versions
// with diffs and compatibility, drift, violations and samples. The name is one URL-encoded path
// segment (encodeURIComponent).
import type { Metadata } from "next";
import { EventTypeView } from "@/components/catalog/event-type-view";
import { requireUser } from "@/lib/auth/current-user";

type Props = { params: Promise<{ name: string }> };

// Next 16 hands generateMetadata the segment decoded, but the page the segment as it is in the URL
// (seen with "Order%20Placed%20100%25" and "odd%2541name"; e2e/catalog.spec.ts opens a name with
// a space): so only the page decodes, and a malformed escape is taken literally.
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // not a valid escape: the segment is the name itself
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${(await params).name} · Event catalog` };
}

export default async function EventTypePage({ params }: Props) {
  await requireUser("events:read");
  const name = decodeSegment((await params).name);
  return <EventTypeView key={name} name={name} />;
}
