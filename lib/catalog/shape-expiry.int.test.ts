// Shapes leave a type's schema after CATALOG_SHAPE_TTL without traffic (the expiry job, run here
// with an injected clock) and come back when seen again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { env } from "@/lib/env";
import { eventOf, ingest, setCatalogEnv, typeIdOf, versionsOf } from "@/lib/catalog/catalog-test-helpers";
import { expireShapes } from "@/lib/catalog/expire-shapes";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

let db: TestDatabase;
const DAY = 86_400_000;

beforeAll(async () => {
  setCatalogEnv({ CATALOG: "on", CATALOG_SETTLE_MS: "0", CATALOG_SHAPE_TTL: "7d" });
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

describe("shape expiry", () => {
  const type = "CouponApplied";
  const withNote = { orderId: "o-1", code: "SAVE10", note: "first order" };
  const plain = { orderId: "o-2", code: "SAVE20" };

  it("drops a shape unseen for the TTL from the schema, and brings it back when seen again", async () => {
    const ttl = env().CATALOG_SHAPE_TTL;
    expect(ttl).toBe(7 * DAY);
    await ingest([eventOf(type, withNote)]);
    await ingest([eventOf(type, plain)]);
    const before = await versionsOf(type);
    expect(before).toHaveLength(2);
    expect(before[1]!.definition.properties).toHaveProperty("note");
    const typeId = await typeIdOf(type);

    // Eight days on: the plain shape kept flowing, the one with a note stopped.
    const later = new Date(Date.now() + 8 * DAY);
    await pool().query(
      `UPDATE event_type_shapes SET last_seen_at = $2 WHERE event_type_id = $1
         AND shape_hash = (SELECT shape_hash FROM messages WHERE event_type_id = $1 AND payload->>'orderId' = 'o-2')`,
      [typeId, new Date(later.getTime() - 60_000)],
    );
    // Not yet crossed a day before: nothing to do.
    expect(await expireShapes(new Date(Date.now() + 6 * DAY), ttl)).toEqual({
      ran: true,
      types: [],
      newVersions: 0,
    });
    expect(await expireShapes(later, ttl)).toEqual({ ran: true, types: [typeId], newVersions: 1 });
    const expired = await versionsOf(type);
    expect(expired).toHaveLength(3);
    expect(expired[2]!.definition.properties).not.toHaveProperty("note");
    expect(expired[2]!.compatibility).toEqual({ mode: "BACKWARD", compatible: true, breakingChanges: [] });
    // Checked: the same crossing is not news a minute later.
    expect(await expireShapes(new Date(later.getTime() + 60_000), ttl)).toMatchObject({ types: [] });

    // The note shape is seen again (at the later clock, past the in-memory last-seen throttle).
    await ingest([eventOf(type, { ...withNote, orderId: "o-3" })], { receivedMs: later.getTime() });
    const { rows } = await pool().query<{ activated_at: Date; last_seen_at: Date }>(
      `SELECT activated_at, last_seen_at FROM event_type_shapes s JOIN messages m
         ON m.event_type_id = s.event_type_id AND m.shape_hash = s.shape_hash AND m.payload->>'orderId' = 'o-3'`,
    );
    expect(rows[0]!.activated_at.getTime()).toBe(later.getTime());
    const back = await versionsOf(type);
    expect(back).toHaveLength(4); // a rollback is a new version too
    expect(back[3]!.definition).toEqual(before[1]!.definition);
  });

  it("runs in one process at a time", async () => {
    const holder = await pool().connect();
    try {
      await holder.query("SELECT pg_advisory_lock($1)", [0x65736365]);
      expect(await expireShapes(new Date(), env().CATALOG_SHAPE_TTL)).toEqual({
        ran: false,
        types: [],
        newVersions: 0,
      });
    } finally {
      await holder.query("SELECT pg_advisory_unlock($1)", [0x65736365]);
      holder.release();
    }
  });
});
