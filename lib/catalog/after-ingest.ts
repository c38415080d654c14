// The catalog's part after a batch committed: new shapes go to the worker (asynchronous, bounded),
// then known shapes' last_seen_at, links and violations are written. Never throws and never fails
// ingest: the batch is stored already, and whatever is missed here comes back with later events
// (a shape stays unknown, a link is retried) or is only a count.
import { env } from "@/lib/env";
import type { Ids } from "@/lib/ingest/dimension-cache";
import type { StoredBatch } from "@/lib/ingest/store-batch";
import { log } from "@/lib/log";
import { IngestTap, shapeKey } from "@/lib/catalog/ingest-tap";
import { recordLinks } from "@/lib/catalog/record-links";
import { recordViolations } from "@/lib/catalog/record-violations";
import { registeredSchemas } from "@/lib/catalog/registered-schemas";
import { shapeWorker, type Submitted } from "@/lib/catalog/shape-worker";
import { touchShapes } from "@/lib/catalog/touch-shapes";

/** Whether ingest feeds the catalog (CATALOG=on, the default). */
export function catalogEnabled(): boolean {
  return env().CATALOG === "on";
}

/**
 * Before parsing a batch: the registered schemas are loaded (awaited once, then re-checked in the
 * background when due). Never throws: without them, events are stored unvalidated.
 */
export async function prepareCatalog(): Promise<void> {
  if (catalogEnabled()) await registeredSchemas().ready();
}

/** The per-batch tap ingest parses with; undefined when the catalog is off. */
export function openIngestTap(nowMs: number): IngestTap | undefined {
  if (!catalogEnabled()) return undefined;
  const worker = shapeWorker();
  return new IngestTap(worker.known, registeredSchemas().snapshot, (key) => worker.wantsSamples(key), nowMs);
}

function candidates(tap: IngestTap, ids: Ids): Submitted[] {
  return [...tap.candidates.values()].map((c) => ({
    key: shapeKey(c.type, c.producer, c.shapeHash),
    type: c.type,
    producer: c.producer,
    typeId: ids.type(c.type),
    producerId: c.producer === null ? 0 : ids.service(c.producer),
    shapeHash: c.shapeHash,
    samples: c.samples,
    example: c.example,
    firstSeenMs: tap.nowMs,
  }));
}

async function logged(what: string, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (err) {
    log.warn({ err }, `catalog: could not record ${what} after ingest`);
  }
}

export async function afterIngest(tap: IngestTap | undefined, stored: StoredBatch, ids: Ids): Promise<void> {
  if (!tap) return;
  const worker = shapeWorker();
  await logged("new payload shapes", async () => worker.submit(candidates(tap, ids)));
  await Promise.all([
    logged("shapes' last-seen times", () => touchShapes(tap, ids, worker, env().CATALOG_SHAPE_TTL)),
    logged("event type links", () => recordLinks(stored, tap.nowMs)),
    logged("schema violations", () => recordViolations(stored, tap.nowMs)),
  ]);
}
