// Which channels carry each event type and which services produce or consume it there
// (event_type_links), from a committed batch's new events and deliveries: one statement per batch,
// only for combinations this process has not written in the last minute (a steady stream writes
// nothing). Read by the catalog pages and the flow graph.
import { pool } from "@/lib/db/client";
import type { StoredBatch } from "@/lib/ingest/store-batch";
import { KnownKeys, perDatabase, TOUCH_EVERY_MS } from "@/lib/catalog/catalog-state";

const MAX_KNOWN_LINKS = 100_000;

const UPSERT = `INSERT INTO event_type_links (event_type_id, channel_id, service_id, role, first_seen_at, last_seen_at)
  SELECT t, c, s, r, $5, $5 FROM unnest($1::int[], $2::int[], $3::int[], $4::text[]) AS u(t, c, s, r) ORDER BY 1, 2, 3, 4
  ON CONFLICT (event_type_id, channel_id, service_id, role) DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at
  WHERE event_type_links.last_seen_at < EXCLUDED.last_seen_at`;

type Link = { typeId: number; channelId: number; serviceId: number; role: "produce" | "consume" };

function knownLinks(): KnownKeys {
  return perDatabase("links", () => new KnownKeys(MAX_KNOWN_LINKS));
}

/** The links of the batch not written by this process within the last minute. */
export function dueLinks(stored: StoredBatch, known: KnownKeys, nowMs: number): Map<string, Link> {
  const due = new Map<string, Link>();
  const add = (typeId: number, channelId: number, serviceId: number, role: Link["role"]) => {
    const key = `${typeId}:${channelId}:${serviceId}:${role}`;
    if (due.has(key)) return;
    const touched = known.touchedAt(key);
    if (touched !== undefined && nowMs - touched < TOUCH_EVERY_MS) return;
    due.set(key, { typeId, channelId, serviceId, role });
  };
  const e = stored.events;
  for (const i of stored.insertedEvents) add(e.typeIds[i]!, e.channelIds[i]!, e.producerIds[i]!, "produce");
  const d = stored.preparedDeliveries;
  const { indexes, typeIds } = stored.insertedDeliveries;
  for (const i of indexes)
    if (typeIds[i] !== 0) add(typeIds[i]!, d.channelIds[i]!, d.consumerIds[i]!, "consume");
  return due;
}

export async function recordLinks(stored: StoredBatch, nowMs = Date.now()): Promise<number> {
  const known = knownLinks();
  const due = dueLinks(stored, known, nowMs);
  if (due.size === 0) return 0;
  const links = [...due.values()];
  await pool().query({
    name: "es_catalog_links",
    text: UPSERT,
    values: [
      links.map((l) => l.typeId),
      links.map((l) => l.channelId),
      links.map((l) => l.serviceId),
      links.map((l) => l.role),
      new Date(nowMs),
    ],
  });
  for (const key of due.keys()) known.mark(key, nowMs);
  return links.length;
}
