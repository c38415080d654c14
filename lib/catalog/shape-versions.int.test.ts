// The live half of inference, through the real ingest path against real Postgres: new shapes,
// versions and their compatibility, optional fields, producers, truncation, concurrency.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { ingestBody, parseIngestBody, storeParsedBatch } from "@/lib/ingest/ingest-batch";
import {
  eventOf,
  ingest,
  setCatalogEnv,
  shapesOf,
  typeIdOf,
  versionsOf,
} from "@/lib/catalog/catalog-test-helpers";
import { addSample, emptySummary } from "@/lib/catalog/infer-schema";
import { recordShapes } from "@/lib/catalog/record-shapes";
import { shapeWorker } from "@/lib/catalog/shape-worker";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

let db: TestDatabase;

beforeAll(async () => {
  setCatalogEnv({ CATALOG: "on", CATALOG_SETTLE_MS: "0", CATALOG_SHAPE_TTL: undefined });
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

describe("a field that changes type", () => {
  const numberPayload = (i: number) => ({ paymentId: `p-${i}`, amount: 12.5 + i, currency: "EUR" });
  const stringPayload = (i: number) => ({ paymentId: `p-${i}`, amount: `${12.5 + i}`, currency: "EUR" });

  /** Version 1 with amount a number; then the string shape arrives while the number one still flows. */
  async function changeAmountType(type: string): Promise<void> {
    await ingest([1, 2, 3].map((i) => eventOf(type, numberPayload(i))));
    await ingest([eventOf(type, stringPayload(4)), eventOf(type, numberPayload(5))]);
  }

  it("gets a new version with the breaking change in words, compatible: false under BACKWARD", async () => {
    const type = "PaymentTaken";
    await ingest([1, 2, 3].map((i) => eventOf(type, numberPayload(i))));
    const [v1] = await versionsOf(type);
    expect(v1).toMatchObject({ version: 1, source: "inferred", producers: ["checkout"] });
    expect(v1!.compatibility).toEqual({ mode: "BACKWARD", compatible: true, breakingChanges: [] });
    expect(v1!.definition.properties).toMatchObject({ amount: { type: "number" } });

    await ingest([eventOf(type, stringPayload(4)), eventOf(type, numberPayload(5))]);
    const all = await versionsOf(type);
    expect(all).toHaveLength(2);
    expect(all[1]!.definition.properties).toMatchObject({ amount: { type: "string" } });
    expect(all[1]!.compatibility).toEqual({
      mode: "BACKWARD",
      compatible: false,
      breakingChanges: [{ path: "amount", message: "field `amount` changed type number → string" }],
    });
    expect(all[1]!.example).toEqual(stringPayload(4));
    const { rows } = await pool().query(
      "SELECT inferred_version, schema_checked_at FROM event_types WHERE name = $1",
      [type],
    );
    expect(rows[0]).toMatchObject({ inferred_version: 2 });
    expect(rows[0].schema_checked_at).toBeInstanceOf(Date);
  });

  it("is not flipped back by the old shape, from its producer or from one that starts sending it later", async () => {
    const type = "PaymentRefunded";
    await changeAmountType(type);
    await ingest([
      eventOf(type, numberPayload(6)),
      eventOf(type, numberPayload(7), { producer: "late-joiner" }),
    ]);
    expect(await shapesOf(type)).toHaveLength(3); // the old shape from a second producer is recorded…
    const all = await versionsOf(type);
    expect(all).toHaveLength(2); // …but it is not newer than the string shape
    expect(all[1]!.definition.properties).toMatchObject({ amount: { type: "string" } });
  });
});

describe("shapes new within one settle window", () => {
  it("are ordered by arrival, so the later of two contradicting shapes makes the schema", async () => {
    setCatalogEnv({ CATALOG_SETTLE_MS: "60000" });
    try {
      const t0 = Date.now();
      const send = (type: string, amount: unknown, at: number) =>
        storeParsedBatch(parseIngestBody(JSON.stringify({ events: [eventOf(type, { amount })] }), at));
      await send("RefundNumberFirst", 1.5, t0);
      await send("RefundNumberFirst", "1.50", t0 + 1000);
      await send("RefundStringFirst", "1.50", t0);
      await send("RefundStringFirst", 1.5, t0 + 1000);
      await shapeWorker().flush(); // both shapes of each type in one transaction
      const [numberFirst] = await versionsOf("RefundNumberFirst");
      const [stringFirst] = await versionsOf("RefundStringFirst");
      expect(numberFirst!.definition.properties).toEqual({ amount: { type: "string" } });
      expect(stringFirst!.definition.properties).toEqual({ amount: { type: "number" } });
    } finally {
      setCatalogEnv({ CATALOG_SETTLE_MS: "0" });
    }
  });
});

describe("transitive modes", () => {
  it("check a new version against every earlier inferred one", async () => {
    const type = "LedgerPosted";
    await ingest([eventOf(type, { amount: 1 })]);
    await pool().query("UPDATE event_types SET compatibility = 'BACKWARD_TRANSITIVE' WHERE name = $1", [
      type,
    ]);
    await ingest([eventOf(type, { amount: "1" })]);
    await ingest([eventOf(type, { amount: true })]);
    const v3 = (await versionsOf(type))[2]!;
    expect(v3.compatibility).toEqual({
      mode: "BACKWARD_TRANSITIVE",
      compatible: false,
      breakingChanges: [
        { path: "amount", message: "field `amount` changed type integer → boolean (against version 1)" },
        { path: "amount", message: "field `amount` changed type string → boolean (against version 2)" },
      ],
    });
  });
});

describe("inference from several shapes and samples", () => {
  it("makes one version: optional and nullable fields, nested objects, arrays of objects, formats, a small enum", async () => {
    const type = "OrderShipped";
    const statuses = ["packed", "shipped", "delivered"];
    const events = Array.from({ length: 12 }, (_, i) =>
      eventOf(type, {
        orderId: randomUUID(),
        shippedAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
        contact: `buyer${i}@example.com`,
        trackingUrl: `https://track.example.com/${i}`,
        status: statuses[i % 3],
        carrier: { name: `carrier ${i}`, service: { days: i } },
        lines: [{ sku: `sku-${i}`, qty: i + 1 }],
        note: i % 2 === 0 ? null : "leave at door",
        ...(i % 3 === 0 ? { gift: true } : {}),
      }),
    );
    await ingest(events);
    const versions = await versionsOf(type);
    expect(versions).toHaveLength(1);
    const schema = versions[0]!.definition;
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.required).toEqual([
      "carrier",
      "contact",
      "lines",
      "note",
      "orderId",
      "shippedAt",
      "status",
      "trackingUrl",
    ]);
    expect(schema.properties).toEqual({
      carrier: {
        type: "object",
        properties: {
          name: { type: "string" },
          service: { type: "object", properties: { days: { type: "integer" } }, required: ["days"] },
        },
        required: ["name", "service"],
      },
      contact: { type: "string", format: "email" },
      gift: { type: "boolean" },
      lines: {
        type: "array",
        items: {
          type: "object",
          properties: { qty: { type: "integer" }, sku: { type: "string" } },
          required: ["qty", "sku"],
        },
      },
      note: { type: ["string", "null"], enum: ["leave at door", null] },
      orderId: { type: "string", format: "uuid" },
      shippedAt: { type: "string", format: "date-time" },
      status: { type: "string", enum: ["delivered", "packed", "shipped"] },
      trackingUrl: { type: "string", format: "uri" },
    });
    const shapes = await shapesOf(type);
    expect(shapes.length).toBeGreaterThan(1);
    expect(shapes.every((s) => s.schema_version === 1)).toBe(true);
    expect(shapes.reduce((n, s) => n + s.samples, 0)).toBe(12);
  });

  it("infers from the whole payload when the stored sample is truncated", async () => {
    const type = "DocumentUploaded";
    await ingest([eventOf(type, { docId: "d-1", body: "x".repeat(10_000), meta: { pages: 3 } })]);
    const { rows } = await pool().query(
      "SELECT payload_truncated FROM messages m JOIN event_types t ON t.id = m.event_type_id WHERE t.name = $1",
      [type],
    );
    expect(rows).toEqual([{ payload_truncated: true }]);
    const [v1] = await versionsOf(type);
    expect(Object.keys(v1!.definition.properties as object).sort()).toEqual(["body", "docId", "meta"]);
    expect(v1!.definition.properties).toMatchObject({ meta: { properties: { pages: { type: "integer" } } } });
  });
});

describe("producers", () => {
  it("a second producer of the same shape joins the current version instead of making a new one", async () => {
    const type = "StockReserved";
    await ingest([eventOf(type, { sku: "a", qty: 1 }, { producer: "inventory" })]);
    await ingest([eventOf(type, { sku: "b", qty: 2 }, { producer: "inventory-v2" })]);
    const versions = await versionsOf(type);
    expect(versions).toHaveLength(1);
    expect(versions[0]!.producers).toEqual(["inventory", "inventory-v2"]);
    expect((await shapesOf(type)).map((s) => s.producer)).toEqual(["inventory", "inventory-v2"]);
  });

  it("an event without producer is a shape of producer 0 and adds no name", async () => {
    const type = "AnonymousPing";
    await ingest([eventOf(type, { at: 1 }, { producer: undefined })]);
    const [v1] = await versionsOf(type);
    expect(v1!.producers).toEqual([]);
    expect(await shapesOf(type)).toMatchObject([{ producer: null }]);
  });
});

describe("concurrency", () => {
  it("two batches carrying the same new shape at once: one shape row, one version", async () => {
    const type = "CartAbandoned";
    const batch = () => JSON.stringify({ events: [eventOf(type, { cartId: randomUUID(), items: 3 })] });
    await Promise.all([ingestBody(batch()), ingestBody(batch())]);
    await shapeWorker().idle();
    expect(await shapesOf(type)).toHaveLength(1);
    expect(await versionsOf(type)).toHaveLength(1);
  });

  it("two processes recording the same new shape (the type lock serialises them): one row, one version", async () => {
    const type = "CartRestored";
    await ingest([eventOf(type, { cartId: "seed" })]); // creates the type (and one unrelated shape)
    const typeId = await typeIdOf(type);
    const candidate = (n: number) => ({
      key: `${type}\0\0feedfacefeedface`,
      typeId,
      producerId: 0,
      shapeHash: "feedfacefeedface",
      type,
      producer: null,
      summary: addSample(emptySummary(), { cartId: `c-${n}`, restored: true }),
      samples: 1,
      firstSeenMs: Date.now(),
      example: JSON.stringify({ cartId: `c-${n}`, restored: true }),
    });
    const ttlMs = 7 * 86_400_000;
    const [a, b] = await Promise.all([
      recordShapes([{ typeId, candidates: [candidate(1)], recompute: false }], { now: new Date(), ttlMs }),
      recordShapes([{ typeId, candidates: [candidate(2)], recompute: false }], { now: new Date(), ttlMs }),
    ]);
    expect(a.inserted + b.inserted).toBe(1);
    const shapes = await shapesOf(type);
    expect(shapes.find((s) => s.shape_hash === "feedfacefeedface")).toMatchObject({ samples: 2 });
    expect(await versionsOf(type)).toHaveLength(2); // the seed's, then one for the new shape
  });
});
