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
 * Keys known to be in Postgres — (type name, producer, shape hash) for shapes, ids for links — each
 * with when this process last wrote its last_seen_at. Nested maps, not one map of joined strings:
 * the lookup runs per event, and joining would allocate a string per event. Bounded: past `max`
 * keys, the first-level entry written longest ago is forgotten with everything under it (it comes
 * back as unknown, costing one idempotent write).
 */
export class KnownKeys<A, B, C> {
  private readonly map = new Map<A, Map<B, Map<C, number>>>();
  private count = 0;

  constructor(private readonly max: number) {}

  /** When the key's last_seen_at was last written by this process; undefined when unknown. */
  touchedAt(a: A, b: B, c: C): number | undefined {
    return this.map.get(a)?.get(b)?.get(c);
  }

  mark(a: A, b: B, c: C, touchedMs: number): void {
    // Re-inserted, so the first-level order is the order of last writes and the first the stalest.
    let byB = this.map.get(a);
    if (byB) this.map.delete(a);
    else byB = new Map();
    this.map.set(a, byB);
    let byC = byB.get(b);
    if (!byC) {
      byC = new Map();
      byB.set(b, byC);
    }
    if (!byC.has(c)) this.count++;
    byC.set(c, touchedMs);
    while (this.count > this.max) this.forgetStalest();
  }

  private forgetStalest(): void {
    const first = this.map.entries().next();
    if (first.done) return;
    this.map.delete(first.value[0]);
    for (const byC of first.value[1].values()) this.count -= byC.size;
  }

  get size(): number {
    return this.count;
  }
}

/** Known payload shapes: (type name, producer name or "", shape hash). */
export type KnownShapes = KnownKeys<string, string, string>;

/** last_seen_at of a shape or link is written at most this often per key and process. */
export const TOUCH_EVERY_MS = 60_000;
