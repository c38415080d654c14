// Names → ids for a batch's brokers, channels, services and event types: one
// INSERT … SELECT FROM unnest … ON CONFLICT DO UPDATE … RETURNING per dimension, only for names
// not cached yet (so a steady stream costs no query here). Runs outside the batch transaction:
// each upsert commits on its own, which is what makes caching its ids safe.
import type pg from "pg";
import { pool } from "@/lib/db/client";
import {
  channelKey,
  dimensionCache,
  idsOf,
  type DimensionCache,
  type Ids,
} from "@/lib/ingest/dimension-cache";
import type { ParsedBatch } from "@/lib/ingest/parse-batch";

type NameTable = "brokers" | "services" | "event_types";

// ORDER BY: concurrent batches inserting overlapping new names lock rows in the same order.
// DO NOTHING, then a read of the names that were there: an upsert (DO UPDATE) would lock and
// rewrite existing rows, which the catalog's transactions lock in id order (lib/catalog/type-lock.ts)
// — name order against id order could deadlock. The read is a second statement so that it sees a
// row a concurrent batch committed while this insert waited for it.
async function upsertNames(
  db: pg.Pool,
  table: NameTable,
  names: Set<string>,
  into: Map<string, number>,
): Promise<void> {
  const todo = [...names].filter((n) => !into.has(n));
  if (todo.length === 0) return;
  const { rows } = await db.query<{ id: number; name: string }>(
    `INSERT INTO ${table} (name) SELECT n FROM unnest($1::text[]) AS n ORDER BY n
     ON CONFLICT (name) DO NOTHING RETURNING id, name`,
    [todo],
  );
  for (const r of rows) into.set(r.name, r.id);
  const existing = todo.filter((n) => !into.has(n));
  if (existing.length === 0) return;
  const found = await db.query<{ id: number; name: string }>(
    `SELECT id, name FROM ${table} WHERE name = ANY($1::text[])`,
    [existing],
  );
  for (const r of found.rows) into.set(r.name, r.id);
}

async function upsertChannels(
  db: pg.Pool,
  cache: DimensionCache,
  keys: Map<string, [number, string]>,
): Promise<void> {
  const todo = [...keys.entries()].filter(([k]) => !cache.channels.has(k)).map(([, v]) => v);
  if (todo.length === 0) return;
  const { rows } = await db.query<{ id: number; broker_id: number; name: string }>(
    `INSERT INTO channels (broker_id, name)
     SELECT b, n FROM unnest($1::int[], $2::text[]) AS u(b, n) ORDER BY b, n
     ON CONFLICT (broker_id, name) DO UPDATE SET name = EXCLUDED.name RETURNING id, broker_id, name`,
    [todo.map((t) => t[0]), todo.map((t) => t[1])],
  );
  for (const r of rows) cache.channels.set(channelKey(r.broker_id, r.name), r.id);
}

/** Marks dead-letter queues (is_dead_letter, dead_letter_of_id) the first time each link is seen. */
async function linkDeadLetterQueues(
  db: pg.Pool,
  cache: DimensionCache,
  ids: Ids,
  batch: ParsedBatch,
): Promise<void> {
  const todo = new Map<number, number | null>(); // dlq channel id → original channel id
  for (const d of batch.deadLetters) {
    const brokerId = ids.broker(d.broker);
    const dlq = ids.channel(brokerId, d.channel);
    const original = d.originalChannel === null ? null : ids.channel(brokerId, d.originalChannel);
    if (cache.deadLetterLinks.has(`${dlq}\0${original ?? ""}`)) continue;
    if (!todo.has(dlq) || todo.get(dlq) === null) todo.set(dlq, original);
  }
  if (todo.size === 0) return;
  const entries = [...todo.entries()].sort((a, b) => a[0] - b[0]);
  await db.query(
    `UPDATE channels c SET is_dead_letter = true, dead_letter_of_id = COALESCE(u.o, c.dead_letter_of_id)
     FROM unnest($1::int[], $2::int[]) AS u(id, o) WHERE c.id = u.id`,
    [entries.map((e) => e[0]), entries.map((e) => e[1])],
  );
  for (const [dlq, original] of entries) cache.deadLetterLinks.add(`${dlq}\0${original ?? ""}`);
}

/** Makes sure every name in the batch has an id in the cache; returns the lookups. */
export async function resolveDimensions(batch: ParsedBatch): Promise<Ids> {
  const db = pool();
  const cache = dimensionCache();
  const ids = idsOf(cache);

  const brokers = new Set<string>();
  const services = new Set<string>();
  const types = new Set<string>();
  for (const e of batch.events) {
    brokers.add(e.broker);
    types.add(e.type);
    if (e.producer !== null) services.add(e.producer);
  }
  for (const d of batch.deliveries) {
    brokers.add(d.broker);
    services.add(d.consumer);
    if (d.type !== null) types.add(d.type);
  }
  for (const d of batch.deadLetters) {
    brokers.add(d.broker);
    if (d.type !== null) types.add(d.type);
  }
  await upsertNames(db, "brokers", brokers, cache.brokers);

  const channels = new Map<string, [number, string]>();
  const addChannel = (broker: string, name: string) => {
    const brokerId = ids.broker(broker);
    channels.set(channelKey(brokerId, name), [brokerId, name]);
  };
  for (const e of batch.events) addChannel(e.broker, e.channel);
  for (const d of batch.deliveries) addChannel(d.broker, d.channel);
  for (const d of batch.deadLetters) {
    addChannel(d.broker, d.channel);
    if (d.originalChannel !== null) addChannel(d.broker, d.originalChannel);
  }
  await Promise.all([
    upsertChannels(db, cache, channels),
    upsertNames(db, "services", services, cache.services),
    upsertNames(db, "event_types", types, cache.types),
  ]);
  if (batch.deadLetters.length > 0) await linkDeadLetterQueues(db, cache, ids, batch);
  return ids;
}
