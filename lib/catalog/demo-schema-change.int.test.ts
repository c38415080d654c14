// The demo shop through the real ingest path: its mid-run schema change (OrderPlaced.total turns
// from a number into { amount, currency }) shows as a new version with a breaking change.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ShopModel } from "@/collectors/demo/shop-model";
import { ingestBody } from "@/lib/ingest/ingest-batch";
import { setCatalogEnv, versionsOf } from "@/lib/catalog/catalog-test-helpers";
import { shapeWorker } from "@/lib/catalog/shape-worker";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

let db: TestDatabase;

beforeAll(async () => {
  setCatalogEnv({ CATALOG: "on", CATALOG_SETTLE_MS: "0", CATALOG_SHAPE_TTL: undefined });
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

describe("the demo's schema change", () => {
  it("OrderPlaced gets a version whose total is an object, flagged as breaking", async () => {
    const model = new ShopModel({ seed: "catalog-demo", schemaChangeAfterEvents: 400 });
    let now = Date.now() - 30 * 60_000;
    while (model.eventCount < 1000) {
      now += 1000;
      const out = model.produce(now, 40);
      const result = await ingestBody(JSON.stringify(out));
      expect(result.rejected).toEqual([]);
    }
    await shapeWorker().idle();

    const versions = await versionsOf("OrderPlaced");
    const newest = versions.at(-1)!;
    expect(newest.definition.properties).toMatchObject({
      total: { type: "object", properties: { amount: { type: "number" }, currency: { type: "string" } } },
    });
    expect(newest.definition.properties).not.toHaveProperty("currency");
    const change = versions.find((v) => v.compatibility?.compatible === false)!;
    expect(change.compatibility).toEqual({
      mode: "BACKWARD",
      compatible: false,
      breakingChanges: [{ path: "total", message: "field `total` changed type number → object" }],
    });
    expect(change.producers).toEqual(["storefront"]);
    // Before the change, the number; at most the versions its optional parts needed.
    expect(versions[0]!.definition.properties).toMatchObject({ total: { type: "number" } });
    expect(versions.length).toBeLessThanOrEqual(4);
    // Enums inferred from a few samples (SKUs, names) are observations: other samples with other
    // values make neither a version nor a breaking change.
    for (const v of versions.slice(1))
      expect(v.compatibility?.breakingChanges.filter((c) => c.path !== "total")).toEqual([]);
  });
});
