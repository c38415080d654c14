// The catalog's background work. Every web process loads the registered schemas at start
// (`loadRegisteredSchemas`, so the first batch is validated); the leader worker expires, every
// minute, the shapes that crossed CATALOG_SHAPE_TTL from their types' schemas
// (lib/catalog/expire-shapes.ts) as a singleton job. Nothing runs with CATALOG=off.
import { catalogEnabled } from "@/lib/catalog/after-ingest";
import { expireShapes } from "@/lib/catalog/expire-shapes";
import { registeredSchemas } from "@/lib/catalog/registered-schemas";
import { env } from "@/lib/env";
import { startSingletonJob } from "@/server/singleton-job";

type Log = { info: (obj: object, msg: string) => void; error: (obj: object, msg: string) => void };

export const CATALOG_EXPIRY_MS = 60_000;

export async function loadRegisteredSchemas(): Promise<void> {
  if (catalogEnabled()) await registeredSchemas().ready();
}

export function startShapeExpiry(log: Log, intervalMs = CATALOG_EXPIRY_MS): () => Promise<void> {
  if (!catalogEnabled()) return () => Promise.resolve();
  return startSingletonJob({
    name: "catalog_shape_expiry",
    everyMs: intervalMs,
    firstAfterMs: intervalMs,
    round: () => expireShapes(new Date(), env().CATALOG_SHAPE_TTL),
    onDone: (r) =>
      r.types.length > 0 &&
      log.info({ types: r.types.length, newVersions: r.newVersions }, "catalog: expired shapes"),
    // The next minute retries: the crossing stays after schema_checked_at until a run succeeds.
    failure: "catalog: shape expiry failed",
    log,
  }).stop;
}
