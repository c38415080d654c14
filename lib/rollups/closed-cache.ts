// In-process caches of what the rollups say about closed time, the way a Prometheus/Mimir query
// frontend caches the results of past, step-aligned intervals: a dashboard asks the same windows
// again and again (live refreshes, several people), and everything before the hourly compaction's
// watermark is final — except an hour that late rows made dirty, which the compaction recomputes
// and then versions (rollup_hour_version). So an answer about [start, end) is kept while end is at
// or before the watermark and the versions of the hours it covers have not moved; late data shows
// once the compaction has run (within a minute), as it does in rollup_hour. Time after the
// watermark is always read from Postgres. Bounded by weight (the caller's measure, e.g. histogram
// buckets held), least recently used first out; on globalThis because the custom server and Next's
// route bundles load this module as separate instances.
import { databaseUrl, pool } from "@/lib/db/client";
import { HOUR_MS, HOUR_WATERMARK } from "@/lib/rollups/hour-compaction-rules";

/**
 * What is final now: rollup rows before `throughMs` (0: nothing compacted yet), with per-hour
 * versions; `nowMs` is the database's clock at that moment.
 */
export type Closure = { nowMs: number; throughMs: number; versions: ReadonlyMap<number, number> };

/**
 * The clock, a watermark (the hourly compaction's, or another written in its transaction, e.g. the
 * latency rollups') and the versions of the hours from `fromMs` on, in one statement.
 */
export async function readClosure(fromMs: number, watermark = HOUR_WATERMARK): Promise<Closure> {
  const { rows } = await pool().query<{
    now: Date;
    through: Date | null;
    versions: [number, number][] | null;
  }>(
    `SELECT now() AS now, (SELECT through FROM rollup_watermark WHERE name = $1) AS through,
            (SELECT json_agg(json_build_array((extract(epoch FROM hour) * 1000)::int8, version))
             FROM rollup_hour_version WHERE hour >= $2) AS versions`,
    [watermark, new Date(Math.floor(fromMs / HOUR_MS) * HOUR_MS)],
  );
  return {
    nowMs: rows[0]!.now.getTime(),
    throughMs: rows[0]!.through?.getTime() ?? 0,
    versions: new Map(rows[0]!.versions ?? []),
  };
}

/** Sum of the versions of the hours [startMs, endMs) touches: it grows whenever one of them moves. */
export function versionOf(closure: Closure, startMs: number, endMs: number): number {
  if (closure.versions.size === 0) return 0;
  let sum = 0;
  for (let h = Math.floor(startMs / HOUR_MS) * HOUR_MS; h < endMs; h += HOUR_MS)
    sum += closure.versions.get(h) ?? 0;
  return sum;
}

/** A map bounded by weight (the caller's measure), least recently used out; cleared when the process switches databases. */
export class WeighedLru<V> {
  private entries = new Map<string, { value: V; weight: number }>();
  private weight = 0;
  private database = "";

  constructor(private readonly maxWeight: number) {}

  get(key: string): V | undefined {
    this.checkDatabase();
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.entries.delete(key);
    this.entries.set(key, e); // most recently used last
    return e.value;
  }

  /** Keeps (or re-weighs) `value`; one heavier than the whole map is not kept. */
  set(key: string, value: V, weight: number): void {
    this.checkDatabase();
    this.delete(key);
    if (weight > this.maxWeight) return;
    this.entries.set(key, { value, weight });
    this.weight += weight;
    for (const [k, e] of this.entries) {
      if (this.weight <= this.maxWeight) break;
      this.entries.delete(k);
      this.weight -= e.weight;
    }
  }

  delete(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    this.weight -= old.weight;
  }

  get size(): number {
    return this.entries.size;
  }

  /** A process that switches databases (tests, benchmarks) must not see the old one's answers. */
  private checkDatabase(): void {
    const url = databaseUrl();
    if (url === this.database) return;
    this.entries.clear();
    this.weight = 0;
    this.database = url;
  }
}

/** Answers about one interval each: kept while it is closed and its hours' versions have not moved. */
export class ClosedCache<V> {
  private lru: WeighedLru<{ version: number; value: V }>;

  constructor(maxWeight: number) {
    this.lru = new WeighedLru(maxWeight);
  }

  /** The cached answer for `key` over [startMs, endMs), if that time is closed and unchanged. */
  get(key: string, startMs: number, endMs: number, closure: Closure): V | undefined {
    if (endMs > closure.throughMs) return undefined;
    const e = this.lru.get(key);
    if (!e) return undefined;
    if (e.version === versionOf(closure, startMs, endMs)) return e.value;
    this.lru.delete(key);
    return undefined;
  }

  /** Keeps an answer read after `closure` was; ignored when its time is not closed. */
  set(key: string, startMs: number, endMs: number, closure: Closure, value: V, weight = 1): void {
    if (endMs > closure.throughMs) return;
    this.lru.set(key, { version: versionOf(closure, startMs, endMs), value }, weight);
  }

  get size(): number {
    return this.lru.size;
  }
}

/** A piece of closed time a reader keeps: `key` names it in its cache, [startMs, endMs) is its time. */
export type Chunk = { key: string; startMs: number; endMs: number };

/**
 * [startMs, endMs) cut into chunks a refresh finds again: `wholeMs` long where one starts on a
 * multiple of it (counted from `originMs`), else `partMs` long (the ragged ends; `wholeMs` a
 * multiple of `partMs`). `prefix` names the series in the keys.
 */
export function splitClosed(
  prefix: string,
  startMs: number,
  endMs: number,
  { wholeMs, partMs, originMs = 0 }: { wholeMs: number; partMs: number; originMs?: number },
): Chunk[] {
  const out: Chunk[] = [];
  let t = startMs;
  while (t < endMs) {
    const len = (t - originMs) % wholeMs === 0 && t + wholeMs <= endMs ? wholeMs : partMs;
    out.push({ key: `${prefix}|${len}|${t}`, startMs: t, endMs: t + len });
    t += len;
  }
  return out;
}

/**
 * The values of `chunks` in order: the closed, unchanged ones from `cache`, all the others read by
 * one `load` call (one round trip however many are missing; it answers a value for every chunk it
 * is given) and kept, weighed by `weigh`. `closure` must have been read before `load` runs: a
 * compaction committing in between makes the kept values newer than their versions, never older,
 * so they are at worst dropped too early.
 */
export async function readThrough<V>(
  cache: ClosedCache<V>,
  chunks: readonly Chunk[],
  closure: Closure,
  load: (missing: Chunk[]) => Promise<Map<string, V>>,
  weigh: (value: V) => number,
): Promise<V[]> {
  const found = chunks.map((c) => cache.get(c.key, c.startMs, c.endMs, closure));
  const missing = chunks.filter((_, k) => found[k] === undefined);
  if (missing.length === 0) return found as V[];
  const loaded = await load(missing);
  for (const c of missing) {
    const v = loaded.get(c.key);
    if (v === undefined) throw new Error(`readThrough: the loader answered nothing for ${c.key}`);
    cache.set(c.key, c.startMs, c.endMs, closure, v, weigh(v));
  }
  return chunks.map((c, k) => found[k] ?? loaded.get(c.key)!);
}

const g = globalThis as typeof globalThis & { __eventscopeCaches?: Map<string, unknown> };

/** The process's one cache of that name, made by `make` the first time. */
export function processCache<C>(name: string, make: () => C): C {
  const all = (g.__eventscopeCaches ??= new Map());
  if (!all.has(name)) all.set(name, make());
  return all.get(name) as C;
}

/** Forgets the process's cache of that name: the next reads load everything again (tests compare the two). */
export function dropProcessCache(name: string): void {
  g.__eventscopeCaches?.delete(name);
}
