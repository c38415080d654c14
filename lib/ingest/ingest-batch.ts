// Ingest's one entry point: body → validated rows → ids → partitions → one bulk transaction →
// last-seen, the schema catalog (lib/catalog/after-ingest.ts) and the live hub. Returns what the
// collector needs to know: how many items were stored, how many it had sent before, and which were
// refused and why.
import { afterIngest, openIngestTap, prepareCatalog } from "@/lib/catalog/after-ingest";
import { env } from "@/lib/env";
import { resolveDimensions } from "@/lib/ingest/resolve-dimensions";
import { ensureDays } from "@/lib/ingest/ensure-days";
import { parseBatch, parseJsonBody, type ParsedBatch } from "@/lib/ingest/parse-batch";
import { makeRedactor } from "@/lib/ingest/redact";
import type { IngestResult } from "@/lib/ingest/schemas";
import { storeBatch, type StoredBatch } from "@/lib/ingest/store-batch";
import { touchDimensions } from "@/lib/ingest/touch-dimensions";
import type { IngestedBatch, LiveEvent } from "@/lib/live/events";
import { MAX_PUSHED_EVENTS } from "@/lib/live/hub";
import { channelCounts, publishIngested } from "@/lib/live/publish";
import { log } from "@/lib/log";
import { recordMessageTraces } from "@/lib/traces/record-message-traces";

/** Parses and validates a request body (JSON bytes); throws AppError when it is not a batch. */
export function parseIngestBody(body: Buffer | string, receivedMs = Date.now()): ParsedBatch {
  const e = env();
  return parseBatch(parseJsonBody(body), {
    redactor: makeRedactor(e.REDACT_FIELDS),
    sampleMaxBytes: e.PAYLOAD_SAMPLE_MAX_BYTES,
    deadLetterMaxBytes: e.DEAD_LETTER_MAX_BYTES,
    maxItems: e.INGEST_MAX_ITEMS,
    receivedMs,
    catalog: openIngestTap(receivedMs),
  });
}

/** What the live hub is told of a stored batch: every stored event counted, the newest listed. */
function liveBatch(stored: StoredBatch, duplicates: number): IngestedBatch {
  const { rows } = stored.events;
  const inserted = stored.insertedEvents.map((i) => rows[i]!);
  return {
    events: liveEvents(inserted),
    total: inserted.length,
    channels: channelCounts(inserted),
    deliveries: stored.deliveries,
    deadLetters: stored.deadLetters,
    duplicates,
  };
}

function liveEvents(inserted: StoredBatch["events"]["rows"]): LiveEvent[] {
  const newest = [...inserted].sort((a, b) => b.publishedMs - a.publishedMs).slice(0, MAX_PUSHED_EVENTS); // no summary carries more
  return newest.map((r) => ({
    id: r.id,
    broker: r.broker,
    channel: r.channel,
    type: r.type,
    producer: r.producer,
    publishedAt: new Date(r.publishedMs).toISOString(),
    size: r.size,
  }));
}

/** Stores a parsed batch. */
export async function storeParsedBatch(
  batch: ParsedBatch,
  meta: { collector?: string } = {},
): Promise<IngestResult> {
  const sent = batch.events.length + batch.deliveries.length + batch.deadLetters.length;
  if (sent === 0) return { accepted: 0, duplicates: batch.duplicates, rejected: batch.rejected };
  const ids = await resolveDimensions(batch);
  await ensureDays(batch.events.map((e) => e.publishedMs));
  const stored = await storeBatch(batch, ids);
  const accepted = stored.insertedEvents.length + stored.deliveries + stored.deadLetters;
  const duplicates = batch.duplicates + (sent - accepted);
  await touchDimensions(stored.touched);
  await afterIngest(batch.catalog, stored, ids);
  await recordMessageTraces(stored);
  try {
    publishIngested(liveBatch(stored, duplicates));
  } catch (err) {
    log.warn({ err }, "live hub refused an ingested batch");
  }
  log.debug(
    { collector: meta.collector, accepted, duplicates, rejected: batch.rejected.length },
    "ingested batch",
  );
  return { accepted, duplicates, rejected: batch.rejected };
}

/** Body bytes (already inflated) → stored. Redaction mutates the parsed body, never the caller's data. */
export async function ingestBody(
  body: Buffer | string,
  meta: { collector?: string } = {},
): Promise<IngestResult> {
  await prepareCatalog();
  return storeParsedBatch(parseIngestBody(body), meta);
}
