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
/** (type id, channel id, service id for a producer or -1 - id for a consumer): numbers, no string per event. */
type KnownLinks = KnownKeys<number, number, number>;

function knownLinks(): KnownLinks {
  return perDatabase("links", () => new KnownKeys<number, number, number>(MAX_KNOWN_LINKS));
}

function roleKey(serviceId: number, role: Link["role"]): number {
  return role === "produce" ? serviceId : -1 - serviceId;
}

/** The links of the batch not written by this process within the last minute. */
export function dueLinks(stored: StoredBatch, known: KnownLinks, nowMs: number): Link[] {
  const due: Link[] = [];
  const seen = new KnownKeys<number, number, number>(Infinity);
  const add = (typeId: number, channelId: number, serviceId: number, role: Link["role"]) => {
    const k = roleKey(serviceId, role);
    if (seen.touchedAt(typeId, channelId, k) !== undefined) return;
    seen.mark(typeId, channelId, k, nowMs);
    const touched = known.touchedAt(typeId, channelId, k);
    if (touched !== undefined && nowMs - touched < TOUCH_EVERY_MS) return;
    due.push({ typeId, channelId, serviceId, role });
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
  const links = dueLinks(stored, known, nowMs);
  if (links.length === 0) return 0;
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
  for (const l of links) known.mark(l.typeId, l.channelId, roleKey(l.serviceId, l.role), nowMs);
  return links.length;
}
