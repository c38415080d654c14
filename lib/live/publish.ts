// Tells the in-process live hub what a committed batch stored. The hub (server/) registers itself
// on globalThis because the route bundle and the tsx server are separate module instances; with
// no hub (tests, CLI, benchmarks) this is a no-op.
import type { IngestedBatch } from "@/lib/live/events";

type LiveHub = { recordIngest: (batch: IngestedBatch) => void };

/** At most this many events go to the hub per batch: it shows the latest 20 anyway. */
export const MAX_LIVE_EVENTS = 50;

export function publishIngested(batch: IngestedBatch): void {
  const hub = (globalThis as typeof globalThis & { __eventscopeLiveHub?: LiveHub }).__eventscopeLiveHub;
  hub?.recordIngest(batch);
}
