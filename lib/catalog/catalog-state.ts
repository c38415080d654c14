// The catalog pipeline's process-wide state (known shapes and links, the shape worker, the
// registered-schema cache): on globalThis, per database URL, for the reasons dimension-cache.ts
// gives — the tsx server and Next's route bundle load lib/ twice in one process, and tests switch
// databases.
import { databaseUrl } from "@/lib/db/client";

const g = globalThis as typeof globalThis & { __eventscopeCatalog?: Map<string, Map<string, unknown>> };

/** The value kept under `slot` for the current database, made on first use. */
export function perDatabase<T>(slot: string, make: () => T): T {
  const all = (g.__eventscopeCatalog ??= new Map());
  const url = databaseUrl();
  let state = all.get(url);
  if (!state) {
    state = new Map();
    all.set(url, state);
  }
  if (!state.has(slot)) state.set(slot, make());
  return state.get(slot) as T;
}

/**
 * Keys known to be in Postgres, each with when this process last wrote its last_seen_at. Bounded:
 * past `max`, the key written longest ago is forgotten (it comes back as unknown, costing one
 * idempotent write).
 */
export class KnownKeys {
  private readonly map = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** When the key's last_seen_at was last written by this process; undefined when unknown. */
  touchedAt(key: string): number | undefined {
    return this.map.get(key);
  }

  mark(key: string, touchedMs: number): void {
    // Re-inserted, so the Map's order is the order of last writes and the first key the stalest.
    if (!this.map.delete(key) && this.map.size >= this.max) {
      const stalest = this.map.keys().next();
      if (!stalest.done) this.map.delete(stalest.value);
    }
    this.map.set(key, touchedMs);
  }

  get size(): number {
    return this.map.size;
  }
}

/** last_seen_at of a shape or link is written at most this often per key and process. */
export const TOUCH_EVERY_MS = 60_000;
