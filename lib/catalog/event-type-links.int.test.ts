// Which channels carry each type and which services produce and consume it, from ingest.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import type { DeliveryInput } from "@/lib/ingest/schemas";
import { makeDelivery } from "@/lib/ingest/test-factories";
import { eventOf, ingest, setCatalogEnv } from "@/lib/catalog/catalog-test-helpers";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

let db: TestDatabase;

beforeAll(async () => {
  setCatalogEnv({ CATALOG: "on", CATALOG_SETTLE_MS: "0", CATALOG_SHAPE_TTL: undefined });
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

type LinkRow = { type: string; channel: string; service: string | null; role: string; last_seen_at: Date };

async function linksOf(type: string): Promise<LinkRow[]> {
  const { rows } = await pool().query<LinkRow>(
    `SELECT t.name AS type, c.name AS channel, s.name AS service, l.role, l.last_seen_at FROM event_type_links l
     JOIN event_types t ON t.id = l.event_type_id JOIN channels c ON c.id = l.channel_id
     LEFT JOIN services s ON s.id = l.service_id WHERE t.name = $1 ORDER BY l.role, s.name NULLS FIRST`,
    [type],
  );
  return rows;
}

describe("event type links", () => {
  const type = "ParcelDispatched";

  it("records producers (service 0 when unknown) and consumers, typed or borrowing the message's type", async () => {
    const deliveries: DeliveryInput[] = [
      makeDelivery({ messageId: "l-1", channel: "parcels", consumer: "billing", type }),
      makeDelivery({ messageId: "l-1", channel: "parcels", consumer: "notifier" }), // type from the stored message
      makeDelivery({ messageId: "nowhere", channel: "parcels", consumer: "auditor" }), // type unknown: no link
    ];
    await ingest(
      [
        eventOf(type, { parcel: 1 }, { id: "l-1", channel: "parcels", producer: "warehouse" }),
        eventOf(type, { parcel: 2 }, { id: "l-2", channel: "parcels", producer: undefined }),
      ],
      { deliveries },
    );
    expect((await linksOf(type)).map(({ last_seen_at: _, ...l }) => l)).toEqual([
      { type, channel: "parcels", service: "billing", role: "consume" },
      { type, channel: "parcels", service: "notifier", role: "consume" },
      { type, channel: "parcels", service: null, role: "produce" },
      { type, channel: "parcels", service: "warehouse", role: "produce" },
    ]);
    const { rows } = await pool().query("SELECT count(*)::int AS n FROM event_type_links");
    expect(rows[0]).toEqual({ n: 4 });
  });

  it("writes last_seen_at at most once a minute per link and process", async () => {
    const t0 = Date.now() + 10 * 60_000; // past the first test's writes
    const produce = async (id: string, receivedMs: number) => {
      await ingest([eventOf(type, { parcel: id }, { id, channel: "parcels", producer: "warehouse" })], {
        receivedMs,
      });
      return (await linksOf(type)).find((l) => l.service === "warehouse")!.last_seen_at.getTime();
    };
    expect(await produce("l-3", t0)).toBe(t0);
    expect(await produce("l-4", t0 + 30_000)).toBe(t0); // throttled: nothing written
    expect(await produce("l-5", t0 + 61_000)).toBe(t0 + 61_000);
  });
});
