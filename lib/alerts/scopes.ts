// Rule scopes as the rollups see them: names (kept in rules so they survive export/import and
// renumbering) resolved to ids once per cycle in four small queries, a stable key per scope (the
// instance key of a single-instance rule) and the words a summary uses. A name not seen in
// traffic yet resolves to -1, which matches no row: a type expected to flow that never did is
// then "no events", not an error.
import type pg from "pg";
import type { Scope } from "@/lib/alerts/rule-schema";

/** Rollup filters; null = not filtered, -1 = a name that does not exist (matches nothing). */
export type ScopeIds = {
  typeId: number | null;
  channelId: number | null;
  serviceId: number | null;
  brokerId: number | null;
  /** Only for edge scopes: the direction it fixes. */
  direction: "produce" | "consume" | null;
};

export type Queryable = Pick<pg.PoolClient, "query">;

export function scopeKey(s: Scope): string {
  switch (s.kind) {
    case "all":
      return "all";
    case "event_type":
      return `type:${s.type}`;
    case "channel":
      return `channel:${s.broker}/${s.channel}`;
    case "edge":
      return `edge:${s.direction}:${s.broker}/${s.channel}:${s.service}`;
    case "service":
      return `service:${s.service}`;
    case "broker":
      return `broker:${s.broker}`;
    case "dlq":
      return `dlq:${s.broker}/${s.channel}`;
  }
}

export function scopeLabel(s: Scope): string {
  switch (s.kind) {
    case "all":
      return "all traffic";
    case "event_type":
      return `type ${s.type}`;
    case "channel":
      return `channel ${s.broker}/${s.channel}`;
    case "edge":
      return s.direction === "produce"
        ? `edge ${s.service} → ${s.broker}/${s.channel}`
        : `edge ${s.broker}/${s.channel} → ${s.service}`;
    case "service":
      return `service ${s.service}`;
    case "broker":
      return `broker ${s.broker}`;
    case "dlq":
      return `DLQ ${s.broker}/${s.channel}`;
  }
}

/** Ids of every name the scopes mention, in one query per dimension. */
export async function resolveScopes(db: Queryable, scopes: readonly Scope[]): Promise<ScopeIds[]> {
  const types = new Set<string>();
  const services = new Set<string>();
  const brokers = new Set<string>();
  const channels = new Map<string, [string, string]>();
  for (const s of scopes) {
    if (s.kind === "event_type") types.add(s.type);
    if (s.kind === "service" || s.kind === "edge") services.add(s.service);
    if (s.kind === "broker") brokers.add(s.broker);
    if (s.kind === "channel" || s.kind === "edge" || s.kind === "dlq")
      channels.set(`${s.broker}\0${s.channel}`, [s.broker, s.channel]);
  }
  const byName = async (table: "event_types" | "services" | "brokers", names: Set<string>) => {
    if (names.size === 0) return new Map<string, number>();
    const { rows } = await db.query<{ id: number; name: string }>(
      `SELECT id, name FROM ${table} WHERE name = ANY($1::text[])`,
      [[...names]],
    );
    return new Map(rows.map((r) => [r.name, r.id]));
  };
  const [typeIds, serviceIds, brokerIds] = [
    await byName("event_types", types),
    await byName("services", services),
    await byName("brokers", brokers),
  ];
  const channelIds = new Map<string, number>();
  if (channels.size > 0) {
    const pairs = [...channels.values()];
    const { rows } = await db.query<{ id: number; broker: string; channel: string }>(
      `SELECT c.id, b.name AS broker, c.name AS channel
       FROM unnest($1::text[], $2::text[]) AS u(broker, channel)
       JOIN brokers b ON b.name = u.broker JOIN channels c ON c.broker_id = b.id AND c.name = u.channel`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
    for (const r of rows) channelIds.set(`${r.broker}\0${r.channel}`, r.id);
  }
  return scopes.map((s) => {
    const ids: ScopeIds = { typeId: null, channelId: null, serviceId: null, brokerId: null, direction: null };
    if (s.kind === "event_type") ids.typeId = typeIds.get(s.type) ?? -1;
    if (s.kind === "service" || s.kind === "edge") ids.serviceId = serviceIds.get(s.service) ?? -1;
    if (s.kind === "broker") ids.brokerId = brokerIds.get(s.broker) ?? -1;
    if (s.kind === "channel" || s.kind === "edge" || s.kind === "dlq")
      ids.channelId = channelIds.get(`${s.broker}\0${s.channel}`) ?? -1;
    if (s.kind === "edge") ids.direction = s.direction;
    return ids;
  });
}
