// What one instance stored since its last relay to the others (server/live-relay.ts), folded into
// a message that fits one Postgres NOTIFY (≤ 8 000 bytes with the adapter's envelope): counts per
// channel (the busiest first) and its newest events, trimmed until the JSON fits.
import type { IngestedBatch, LiveEvent } from "@/lib/live/events";
import { LATEST_EVENTS, MAX_SUMMARY_CHANNELS } from "@/lib/live/hub";

/** Batches folded into one: counts summed, the newest events kept. */
export type IngestDelta = IngestedBatch;

const channelKey = (broker: string, channel: string) => `${broker}\0${channel}`;

/** JSON bytes of a delta; the adapter's envelope (uid, namespace, event name) takes ~150 more. */
export const MAX_DELTA_BYTES = 7_000;

export class IngestDeltaBuilder {
  private events: LiveEvent[] = [];
  private channels = new Map<string, [string, string, number]>();
  private counts = { total: 0, deliveries: 0, deadLetters: 0, duplicates: 0 };

  add(batch: IngestedBatch): void {
    // A batch lists its newest first; the newest batch goes first.
    this.events = [...batch.events.slice(0, LATEST_EVENTS), ...this.events].slice(0, LATEST_EVENTS);
    for (const [broker, channel, n] of batch.channels) {
      const key = channelKey(broker, channel);
      const c = this.channels.get(key);
      if (c) c[2] += n;
      else this.channels.set(key, [broker, channel, n]);
    }
    this.counts.total += batch.total;
    this.counts.deliveries += batch.deliveries;
    this.counts.deadLetters += batch.deadLetters;
    this.counts.duplicates += batch.duplicates;
  }

  /** The delta so far (undefined when nothing was stored), starting a new one. */
  take(maxBytes = MAX_DELTA_BYTES): IngestDelta | undefined {
    const c = this.counts;
    if (c.total + c.deliveries + c.deadLetters + c.duplicates === 0) return undefined;
    const delta: IngestDelta = {
      events: this.events,
      channels: [...this.channels.values()].sort((a, b) => b[2] - a[2]).slice(0, MAX_SUMMARY_CHANNELS),
      ...c,
    };
    this.events = [];
    this.channels = new Map();
    this.counts = { total: 0, deliveries: 0, deadLetters: 0, duplicates: 0 };
    // Events are the bulky part (names, ids): fewer of them first, then the quietest channels.
    while (Buffer.byteLength(JSON.stringify(delta)) > maxBytes) {
      if (delta.events.length > 0) delta.events = delta.events.slice(0, Math.floor(delta.events.length / 2));
      else if (delta.channels.length > 0)
        delta.channels = delta.channels.slice(0, Math.floor(delta.channels.length / 2));
      else break;
    }
    return delta;
  }
}
