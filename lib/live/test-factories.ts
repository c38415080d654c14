// Test data for the live hub: a stored batch as ingest reports it, counts derived from its events.
import type { IngestedBatch, LiveEvent } from "@/lib/live/events";
import { channelCounts } from "@/lib/live/publish";

export function makeIngestedBatch(events: LiveEvent[], over: Partial<IngestedBatch> = {}): IngestedBatch {
  return {
    events,
    total: events.length,
    channels: channelCounts(events),
    deliveries: 0,
    deadLetters: 0,
    duplicates: 0,
    ...over,
  };
}
