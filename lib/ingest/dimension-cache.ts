// Process-wide caches of dimension ids (brokers, channels, services, event types) and of the days
// whose message partitions exist. On globalThis, keyed by database URL: the tsx server and Next's
// route bundle load this module twice in one process, and tests switch databases. Only ids
// returned by committed statements are cached, so a rolled-back transaction cannot poison it.
import { databaseUrl } from "@/lib/db/client";

export type DimensionCache = {
  brokers: Map<string, number>;
  /** key: `${brokerId}\0${name}` */
  channels: Map<string, number>;
  /** Dead-letter links already written, key: `${channelId}\0${originalChannelId}` */
  deadLetterLinks: Set<string>;
  services: Map<string, number>;
  types: Map<string, number>;
  /** UTC day numbers (ms / 86 400 000) whose partition was ensured. */
  days: Set<number>;
  /** When this process last wrote last_seen_at, key: `${table letter}:${id}` */
  touched: Map<string, number>;
};

const g = globalThis as typeof globalThis & { __eventscopeIngestCache?: Map<string, DimensionCache> };

export function dimensionCache(): DimensionCache {
  const all = (g.__eventscopeIngestCache ??= new Map());
  const url = databaseUrl();
  let cache = all.get(url);
  if (!cache) {
    cache = {
      brokers: new Map(),
      channels: new Map(),
      deadLetterLinks: new Set(),
      services: new Map(),
      types: new Map(),
      days: new Set(),
      touched: new Map(),
    };
    all.set(url, cache);
  }
  return cache;
}

/** For whoever empties the dimension tables under a running process (tests, resets). */
export function clearDimensionCache(): void {
  g.__eventscopeIngestCache?.delete(databaseUrl());
}

export function channelKey(brokerId: number, name: string): string {
  return `${brokerId}\0${name}`;
}

function missing(what: string, name: string): never {
  throw new Error(`ingest: ${what} "${name}" was not resolved before storing`);
}

/** Id lookups for the bulk writer; every name was resolved by resolveDimensions first. */
export function idsOf(cache: DimensionCache) {
  return {
    broker: (name: string) => cache.brokers.get(name) ?? missing("broker", name),
    channel: (brokerId: number, name: string) =>
      cache.channels.get(channelKey(brokerId, name)) ?? missing("channel", name),
    service: (name: string) => cache.services.get(name) ?? missing("service", name),
    type: (name: string) => cache.types.get(name) ?? missing("event type", name),
  };
}

export type Ids = ReturnType<typeof idsOf>;
