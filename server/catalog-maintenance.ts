// The catalog's background work in the server process: the registered schemas are loaded at boot
// (so the first batch is validated), and every minute shapes that crossed CATALOG_SHAPE_TTL leave
// their types' schemas (lib/catalog/expire-shapes.ts). Nothing runs with CATALOG=off.
import { catalogEnabled } from "@/lib/catalog/after-ingest";
import { expireShapes } from "@/lib/catalog/expire-shapes";
import { registeredSchemas } from "@/lib/catalog/registered-schemas";
import { env } from "@/lib/env";

type Log = { info: (obj: object, msg: string) => void; error: (obj: object, msg: string) => void };

export const CATALOG_EXPIRY_MS = 60_000;

export async function startCatalogMaintenance(log: Log, intervalMs = CATALOG_EXPIRY_MS): Promise<() => void> {
  if (!catalogEnabled()) return () => undefined;
  await registeredSchemas().ready();
  let running = false;
  const timer = setInterval(() => {
    if (running) return; // a slow run (many types) is not stacked on
    running = true;
    expireShapes(new Date(), env().CATALOG_SHAPE_TTL)
      .then(
        (r) =>
          r.types.length > 0 &&
          log.info({ types: r.types.length, newVersions: r.newVersions }, "catalog: expired shapes"),
        // The next minute retries: the crossing stays after schema_checked_at until a run succeeds.
        (err: unknown) => log.error({ err }, "catalog: shape expiry failed"),
      )
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
