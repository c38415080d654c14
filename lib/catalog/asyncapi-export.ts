// GET /api/v1/catalog/asyncapi: the catalog (or one type) as an AsyncAPI 3.0 document. Channels
// come from event_type_links (address = the channel's name, its broker in x-eventscope), with an
// operation per channel × service × direction (send for producers, receive for consumers); each
// type is a message in components.messages whose payload is its current schema, tagged as JSON
// Schema 2020-12 (a Multi Format Schema Object), its name the type's name. Keys are the names made
// safe for AsyncAPI's key pattern. The importer reads this document back to the same schemas.
import "server-only";
import { exportedTypes, type ExportedType } from "@/lib/catalog/export-types";
import { typeLinks, type TypeLinks } from "@/lib/catalog/type-links";

export const JSON_SCHEMA_2020_FORMAT = "application/schema+json;version=draft-2020-12";

/** Unique keys matching AsyncAPI's ^[a-zA-Z0-9.\-_]+$. */
class Keys {
  private readonly taken = new Set<string>();
  private readonly byName = new Map<string, string>();
  key(name: string): string {
    const known = this.byName.get(name);
    if (known) return known;
    const base = name.replace(/[^A-Za-z0-9._-]/g, "_") || "_";
    let key = base;
    for (let i = 2; this.taken.has(key); i++) key = `${base}_${i}`;
    this.taken.add(key);
    this.byName.set(name, key);
    return key;
  }
}

function message(t: ExportedType): Record<string, unknown> {
  const current = t.current;
  return {
    name: t.name,
    ...(t.description ? { description: t.description } : {}),
    ...(current ? { payload: { schemaFormat: JSON_SCHEMA_2020_FORMAT, schema: current.definition } } : {}),
    "x-eventscope": {
      owner: t.owner,
      tags: t.tags,
      compatibility: t.compatibility,
      schemaVersion: current ? { version: current.version, source: current.source } : null,
      versions: t.versions,
    },
  };
}

type Channel = { key: string; address: string; broker: string; messages: Set<string> };
type Operation = {
  action: "send" | "receive";
  channel: string;
  service: string | null;
  messages: Set<string>;
};

function channelsAndOperations(
  types: ExportedType[],
  links: Map<number, TypeLinks>,
  keys: Map<number, string>,
) {
  const channelKeys = new Keys();
  const channels = new Map<string, Channel>();
  const operations = new Map<string, Operation>();
  for (const t of types) {
    const l = links.get(t.id);
    const messageKey = keys.get(t.id)!;
    const uses = [
      ...(l?.produces ?? []).map((v) => ({ ...v, action: "send" as const })),
      ...(l?.consumes ?? []).map((v) => ({ ...v, action: "receive" as const })),
    ];
    for (const u of uses) {
      const key = channelKeys.key(`${u.broker}.${u.channel}`);
      const channel = channels.get(key) ?? { key, address: u.channel, broker: u.broker, messages: new Set() };
      channel.messages.add(messageKey);
      channels.set(key, channel);
      const opName = `${u.service ?? "unknown"}\0${u.action}\0${key}`;
      const op = operations.get(opName) ?? {
        action: u.action,
        channel: key,
        service: u.service,
        messages: new Set(),
      };
      op.messages.add(messageKey);
      operations.set(opName, op);
    }
  }
  return { channels: [...channels.values()], operations: [...operations.values()] };
}

export async function exportAsyncApi(name?: string, now = new Date()): Promise<Record<string, unknown>> {
  const types = await exportedTypes(name);
  const links = await typeLinks(types.map((t) => t.id));
  const messageKeys = new Keys();
  const keys = new Map(types.map((t) => [t.id, messageKeys.key(t.name)]));
  const { channels, operations } = channelsAndOperations(types, links, keys);
  const opKeys = new Keys();
  return {
    asyncapi: "3.0.0",
    info: {
      title: name === undefined ? "Eventscope catalog" : `Eventscope catalog: ${name}`,
      version: now.toISOString(),
      description:
        "Exported from Eventscope: event types with their current schemas (newest registered, else newest inferred) and the channels and services that produce and consume them, as observed.",
    },
    channels: Object.fromEntries(
      channels.map((c) => [
        c.key,
        {
          address: c.address,
          messages: Object.fromEntries(
            [...c.messages].map((m) => [m, { $ref: `#/components/messages/${m}` }]),
          ),
          "x-eventscope": { broker: c.broker },
        },
      ]),
    ),
    operations: Object.fromEntries(
      operations.map((o) => [
        opKeys.key(`${o.service ?? "unknown"}.${o.action}.${o.channel}`),
        {
          action: o.action,
          channel: { $ref: `#/channels/${o.channel}` },
          messages: [...o.messages].map((m) => ({ $ref: `#/channels/${o.channel}/messages/${m}` })),
          ...(o.service === null ? {} : { "x-eventscope": { service: o.service } }),
        },
      ]),
    ),
    components: {
      messages: Object.fromEntries(types.map((t) => [keys.get(t.id)!, message(t)])),
    },
  };
}
