// What the catalog list computes over every type: each type's produced events per 5-minute bucket
// of the hour (the sparklines, and the ranking of sort=throughput), and the filter menus' values.
// The hour's aggregate reads every produce rollup of the hour — about 250 ms for 5 000 types busy
// every other minute (bench/catalog/list-latency.ts) — so it runs once per window (the hour before
// a minute) and process, never per request: a request is answered from the newest window computed,
// and a newer window is computed in the background, so figures are at most a minute or two old.
// A window, once computed, does not change: a cursor pins its window, and a throughput-sorted walk
// ranks every page by the same counts. Facets are kept 15 s. On globalThis: the custom server and
// Next's bundle load this module twice.
import "server-only";
import type { EventTypeList } from "@/lib/catalog/api-types";
import { pool } from "@/lib/db/client";
import { log } from "@/lib/log";

export const BUCKETS = 12;
export const BUCKET_MINUTES = 5;
const FACETS_TTL_MS = 15_000;
/** An idle server's newest window older than this is not served: the request waits for a fresh one. */
const MAX_LAG_MS = 5 * 60_000;
const KEEP_WINDOWS = 3;
const FACET_MAX = 1000;

type Counts = Map<number, number[]>;
type Window = { asOfMs: number; counts: Promise<Counts>; ready: boolean };
type Caches = { windows: Window[]; facets?: { at: number; value: Promise<EventTypeList["facets"]> } };
const g = globalThis as typeof globalThis & { __eventscopeCatalogList?: Caches };
const caches = (): Caches => (g.__eventscopeCatalogList ??= { windows: [] });

/** Starts computing a window (kept newest first, a failed one dropped). */
function start(asOfMs: number): Window {
  const c = caches();
  const w: Window = { asOfMs, counts: loadCounts(asOfMs), ready: false };
  w.counts.then(
    () => (w.ready = true),
    () => (c.windows = c.windows.filter((x) => x !== w)),
  );
  c.windows = [w, ...c.windows.filter((x) => x.asOfMs !== asOfMs)]
    .sort((a, b) => b.asOfMs - a.asOfMs)
    .slice(0, KEEP_WINDOWS);
  return w;
}

const BUCKET_SUMS = Array.from(
  { length: BUCKETS },
  (_, i) =>
    `COALESCE(sum(count) FILTER (WHERE minute >= $1::timestamptz - interval '${60 - i * BUCKET_MINUTES} minutes'
       AND minute < $1::timestamptz - interval '${60 - (i + 1) * BUCKET_MINUTES} minutes'), 0)::bigint AS b${i}`,
).join(",\n");

async function loadCounts(asOfMs: number): Promise<Counts> {
  const { rows } = await pool().query<Record<string, number>>(
    `SELECT event_type_id AS id, ${BUCKET_SUMS}
       FROM rollup_minute
      WHERE edge = 'produce' AND minute >= $1::timestamptz - interval '60 minutes' AND minute < $1
      GROUP BY event_type_id`,
    [new Date(asOfMs)],
  );
  return new Map(rows.map((r) => [r.id!, Array.from({ length: BUCKETS }, (_, i) => r[`b${i}`]!)]));
}

/**
 * Per type with events in the window: 12 five-minute counts, oldest first. `pinned` (a cursor's
 * window) must be that very window; otherwise the newest window computed may answer, while the
 * one ending at `asOfMs` is computed in the background.
 */
export async function hourCounts(
  asOfMs: number,
  pinned: boolean,
): Promise<{ asOfMs: number; counts: Counts }> {
  const windows = caches().windows;
  const exact = windows.find((w) => w.asOfMs === asOfMs);
  const newest = windows.find((w) => w.ready);
  if (pinned || exact?.ready || !newest || asOfMs - newest.asOfMs > MAX_LAG_MS) {
    const w = exact ?? start(asOfMs);
    return { asOfMs, counts: await w.counts };
  }
  if (!exact)
    start(asOfMs).counts.catch((err: unknown) => log.warn({ err }, "catalog list: hour counts not computed"));
  return { asOfMs: newest.asOfMs, counts: await newest.counts };
}

async function loadFacets(): Promise<EventTypeList["facets"]> {
  const { rows } = await pool().query<EventTypeList["facets"]>(
    `SELECT
      ARRAY(SELECT b.name FROM brokers b WHERE EXISTS (SELECT 1 FROM channels c JOIN event_type_links l
              ON l.channel_id = c.id WHERE c.broker_id = b.id) ORDER BY 1 LIMIT $1) AS brokers,
      ARRAY(SELECT DISTINCT c.name FROM channels c WHERE EXISTS (SELECT 1 FROM event_type_links l
              WHERE l.channel_id = c.id) ORDER BY 1 LIMIT $1) AS channels,
      ARRAY(SELECT s.name FROM services s WHERE EXISTS (SELECT 1 FROM event_type_links l
              WHERE l.service_id = s.id AND l.role = 'produce') ORDER BY 1 LIMIT $1) AS producers,
      ARRAY(SELECT DISTINCT owner FROM event_types WHERE owner IS NOT NULL ORDER BY 1 LIMIT $1) AS owners,
      ARRAY(SELECT DISTINCT tag FROM event_types, unnest(tags) AS tag ORDER BY 1 LIMIT $1) AS tags`,
    [FACET_MAX],
  );
  return rows[0]!;
}

/** Values for the filter menus over the whole catalog (not narrowed by the current filters). */
export function facets(nowMs = Date.now()): Promise<EventTypeList["facets"]> {
  const c = caches();
  if (c.facets && nowMs - c.facets.at < FACETS_TTL_MS) return c.facets.value;
  const entry = { at: nowMs, value: loadFacets() };
  c.facets = entry;
  entry.value.catch(() => {
    if (c.facets === entry) c.facets = undefined;
  });
  return entry.value;
}

/** Forgets every window and the facets (tests change the catalog; the benchmark times a cold list). */
export function forgetListCache(): void {
  g.__eventscopeCatalogList = undefined;
}
