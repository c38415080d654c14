// The batch's one transaction: events, deliveries and dead letters inserted in bulk, then the
// rollups of the rows that were new. Retried as a whole on deadlock or serialization failure.
import { withTransaction } from "@/lib/db/client";
import type { Ids } from "@/lib/ingest/dimension-cache";
import type { ParsedBatch } from "@/lib/ingest/parse-batch";
import { Rollups } from "@/lib/ingest/rollups";
import { insertDeadLetters, prepareDeadLetters } from "@/lib/ingest/store-dead-letters";
import {
  insertDeliveries,
  prepareDeliveries,
  type InsertedDeliveries,
  type PreparedDeliveries,
} from "@/lib/ingest/store-deliveries";
import { insertEvents, prepareEvents, type PreparedEvents } from "@/lib/ingest/store-events";
import { log } from "@/lib/log";

// deadlock_detected, serialization_failure, and unique_violation: the COPY of events met a row a
// concurrent batch committed after this one looked (store-events.ts); a retry sees it and skips it.
const RETRY_CODES = new Set(["40P01", "40001", "23505"]);
const MAX_ATTEMPTS = 8;

export type StoredBatch = {
  /** The events that were new, with their resolved ids (for the live hub and last-seen updates). */
  events: PreparedEvents;
  insertedEvents: number[];
  deliveries: number;
  /** The deliveries, and which were new with their types (for the catalog's consume links). */
  preparedDeliveries: PreparedDeliveries;
  insertedDeliveries: InsertedDeliveries;
  deadLetters: number;
  /** Ids touched by the batch, for last-seen updates. */
  touched: { channels: Set<number>; services: Set<number>; types: Set<number> };
};

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function storeBatch(batch: ParsedBatch, ids: Ids): Promise<StoredBatch> {
  const events = prepareEvents(batch.events, ids);
  const deliveries = prepareDeliveries(batch.deliveries, ids);
  const deadLetters = prepareDeadLetters(batch.deadLetters, ids);

  for (let attempt = 1; ; attempt++) {
    try {
      const stored = await withTransaction(async (client) => {
        const rollups = new Rollups();
        const insertedEvents = await insertEvents(client, events, rollups);
        const storedDeliveries = await insertDeliveries(client, deliveries, rollups);
        const storedDeadLetters = await insertDeadLetters(client, deadLetters, rollups);
        await rollups.upsert(client);
        return { insertedEvents, storedDeliveries, storedDeadLetters };
      });
      const touched = {
        channels: new Set([...events.channelIds, ...deliveries.channelIds, ...deadLetters.channelIds]),
        services: new Set([...events.producerIds, ...deliveries.consumerIds].filter((id) => id !== 0)),
        types: new Set(
          [...events.typeIds, ...deliveries.typeIds, ...deadLetters.typeIds].filter((id) => id !== 0),
        ),
      };
      for (const id of deadLetters.originalIds) if (id !== null) touched.channels.add(id);
      return {
        events,
        insertedEvents: stored.insertedEvents,
        deliveries: stored.storedDeliveries.indexes.length,
        preparedDeliveries: deliveries,
        insertedDeliveries: stored.storedDeliveries,
        deadLetters: stored.storedDeadLetters,
        touched,
      };
    } catch (err) {
      const code = (err as { code?: string }).code ?? "";
      if (!RETRY_CODES.has(code) || attempt >= MAX_ATTEMPTS) throw err;
      log.warn({ code, attempt }, "ingest transaction conflicted; retrying");
      await sleep(10 * attempt + Math.random() * 40);
    }
  }
}
