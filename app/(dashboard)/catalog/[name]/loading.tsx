// Shown while the event type page checks access and starts.
import { EventTypeSkeleton } from "@/components/catalog/event-type-skeleton";

export default function Loading() {
  return <EventTypeSkeleton />;
}
