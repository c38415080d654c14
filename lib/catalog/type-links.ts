// Who carries, produces and consumes each event type, from event_type_links (maintained by ingest):
// one query for a page of types. Service 0 is "unknown": it names a channel but no service.
import "server-only";
import type { LinkView } from "@/lib/catalog/api-types";
import { pool } from "@/lib/db/client";

export type TypeLinks = {
  brokers: string[];
  channels: string[];
  producers: string[];
  consumers: string[];
  produces: LinkView[];
  consumes: LinkView[];
};

type Row = {
  id: number;
  role: "produce" | "consume";
  broker: string;
  channel: string;
  service: string | null;
  last_seen_at: Date;
};

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export async function typeLinks(typeIds: readonly number[]): Promise<Map<number, TypeLinks>> {
  if (typeIds.length === 0) return new Map();
  const { rows } = await pool().query<Row>(
    `SELECT l.event_type_id AS id, l.role, b.name AS broker, c.name AS channel, s.name AS service, l.last_seen_at
       FROM event_type_links l
       JOIN channels c ON c.id = l.channel_id
       JOIN brokers b ON b.id = c.broker_id
       LEFT JOIN services s ON s.id = l.service_id
      WHERE l.event_type_id = ANY($1::int[])
      ORDER BY l.event_type_id, b.name, c.name, s.name NULLS FIRST`,
    [typeIds],
  );
  const grouped = new Map<number, Row[]>();
  for (const r of rows) {
    const list = grouped.get(r.id);
    if (list) list.push(r);
    else grouped.set(r.id, [r]);
  }
  const out = new Map<number, TypeLinks>();
  for (const [id, list] of grouped) {
    const view = (r: Row): LinkView => ({
      broker: r.broker,
      channel: r.channel,
      service: r.service,
      lastSeenAt: r.last_seen_at.toISOString(),
    });
    const produce = list.filter((r) => r.role === "produce");
    const consume = list.filter((r) => r.role === "consume");
    const services = (l: Row[]) => sortedUnique(l.flatMap((r) => (r.service === null ? [] : [r.service])));
    out.set(id, {
      brokers: sortedUnique(list.map((r) => r.broker)),
      channels: sortedUnique(list.map((r) => r.channel)),
      producers: services(produce),
      consumers: services(consume),
      produces: produce.map(view),
      consumes: consume.map(view),
    });
  }
  return out;
}
