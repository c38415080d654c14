// Tells the in-process live hub what a committed batch stored, that dead letters changed state, or that
// an alert evaluation cycle ran. The hub (server/) registers itself
// on globalThis because the route bundle and the tsx server are separate module instances; with
// no hub (tests, CLI, benchmarks) this is a no-op.
import type { IngestedBatch } from "@/lib/live/events";

type LiveHub = {
  recordIngest: (batch: IngestedBatch) => void;
  recordDeadLettersChanged: (requestIds: readonly string[]) => void;
  recordAlertsEvaluated: (transitions: boolean) => void;
};

function hub(): LiveHub | undefined {
  return (globalThis as typeof globalThis & { __eventscopeLiveHub?: LiveHub }).__eventscopeLiveHub;
}

/** [broker, channel, events] for `events`, in the order channels first appear. */
export function channelCounts(
  events: Iterable<{ broker: string; channel: string }>,
): [string, string, number][] {
  const counts = new Map<string, [string, string, number]>();
  for (const e of events) {
    // NUL cannot occur in stored names (ingest refuses it), so the key is unambiguous.
    const key = `${e.broker}\0${e.channel}`;
    const c = counts.get(key);
    if (c) c[2]++;
    else counts.set(key, [e.broker, e.channel, 1]);
  }
  return [...counts.values()];
}

export function publishIngested(batch: IngestedBatch): void {
  hub()?.recordIngest(batch);
}

/**
 * After a committed change of dead letters' states made outside ingest (a route handler's discard,
 * purge, reprocess request or cancel; the dispatcher's progress): the DLQ pages refetch. With the
 * reprocess requests whose progress changed, for their progress panels.
 */
export function publishDeadLettersChanged(requestIds: readonly string[] = []): void {
  hub()?.recordDeadLettersChanged(requestIds);
}

/**
 * After an alert evaluation cycle (server/alert-evaluator.ts): the Alerts pages refetch, and with
 * `transitions` (some alert changed state) the firing banner and badge too.
 */
export function publishAlertsEvaluated(transitions: boolean): void {
  hub()?.recordAlertsEvaluated(transitions);
}
