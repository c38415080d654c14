// Live events validated against a registered schema at ingest: messages.valid, violations counted
// per version, place and keyword with an example, duplicates never counted twice, redaction never
// a false violation; and CATALOG=off doing nothing at all.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/db/client";
import { afterSchemaRegistered } from "@/lib/catalog/after-register";
import { eventOf, ingest, setCatalogEnv, versionsOf } from "@/lib/catalog/catalog-test-helpers";
import { schemaFingerprint } from "@/lib/catalog/fingerprint";
import type { JsonSchema } from "@/lib/catalog/infer-schema";
import { registeredSchemas } from "@/lib/catalog/registered-schemas";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

let db: TestDatabase;

beforeAll(async () => {
  setCatalogEnv({ CATALOG: "on", CATALOG_SETTLE_MS: "0", CATALOG_SHAPE_TTL: undefined });
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

/** Registers `schema` as the type's next version the way the API does, without the API; returns its id. */
async function register(
  type: string,
  schema: JsonSchema,
  opts: { announce?: boolean } = {},
): Promise<number> {
  const { rows: t } = await pool().query<{ id: number }>(
    "INSERT INTO event_types (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id",
    [type],
  );
  const typeId = t[0]!.id;
  const { rows } = await pool().query<{ id: number; version: number }>(
    `INSERT INTO schema_versions (event_type_id, version, definition, fingerprint, source)
     SELECT $1, coalesce(max(version), 0) + 1, $2::jsonb, $3, 'registered' FROM schema_versions WHERE event_type_id = $1
     RETURNING id, version`,
    [typeId, JSON.stringify(schema), schemaFingerprint(schema)],
  );
  await pool().query("UPDATE event_types SET registered_version = $2 WHERE id = $1", [
    typeId,
    rows[0]!.version,
  ]);
  if (opts.announce ?? true) await afterSchemaRegistered(typeId);
  return rows[0]!.id;
}

type ViolationRow = {
  path: string;
  keyword: string;
  message: string;
  count: number;
  example: unknown;
  example_message_id: string;
};

async function violations(versionId: number): Promise<ViolationRow[]> {
  const { rows } = await pool().query<ViolationRow>(
    `SELECT path, keyword, message, count, example, example_message_id FROM schema_violations
     WHERE schema_version_id = $1 ORDER BY path, keyword`,
    [versionId],
  );
  return rows;
}

async function validity(ids: string[]): Promise<Record<string, boolean | null>> {
  const { rows } = await pool().query<{ message_id: string; valid: boolean | null }>(
    "SELECT message_id, valid FROM messages WHERE message_id = ANY($1)",
    [ids],
  );
  return Object.fromEntries(rows.map((r) => [r.message_id, r.valid]));
}

const paymentSchema: JsonSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  type: "object",
  required: ["orderId", "amount", "currency"],
  properties: {
    orderId: { type: "string" },
    amount: { type: "number" },
    currency: { enum: ["EUR", "USD"] },
    cvv: { type: "integer" }, // redacted by default (REDACT_FIELDS): validated before redaction
  },
};

describe("validation against the registered schema", () => {
  const type = "PaymentAuthorised";
  let versionId: number;
  const batch = [
    eventOf(type, { orderId: "o1", amount: 10, currency: "EUR", cvv: 123 }, { id: "v-1" }),
    eventOf(type, { orderId: "o2", amount: "10", currency: "EUR", cvv: 123 }, { id: "v-2" }),
    eventOf(type, { orderId: "o3", amount: "11", cvv: 456 }, { id: "v-3" }),
    eventOf(type, { orderId: "o4", amount: 5, currency: "GBP" }, { id: "v-4" }),
    eventOf(type, undefined, { id: "v-5" }),
  ];

  it("marks each stored event valid or not, and counts failures per version, place and keyword", async () => {
    versionId = await register(type, paymentSchema);
    expect(await ingest(batch)).toMatchObject({ accepted: 5 });
    expect(await validity(batch.map((e) => e.id))).toEqual({
      "v-1": true, // cvv 123 is an integer before redaction; "[redacted]" is what is stored
      "v-2": false,
      "v-3": false,
      "v-4": false,
      "v-5": null, // no payload: nothing to validate
    });
    const stored = await pool().query("SELECT payload FROM messages WHERE message_id = 'v-1'");
    expect(stored.rows[0].payload).toMatchObject({ cvv: "[redacted]" });
    expect(await violations(versionId)).toEqual([
      {
        path: "",
        keyword: "required",
        message: "must have required property 'currency'",
        count: 1,
        example: { orderId: "o3", amount: "11", cvv: "[redacted]" },
        example_message_id: "v-3",
      },
      {
        path: "/amount",
        keyword: "type",
        message: "must be number",
        count: 2,
        example: { orderId: "o2", amount: "10", currency: "EUR", cvv: "[redacted]" },
        example_message_id: "v-2",
      },
      {
        path: "/currency",
        keyword: "enum",
        message: "must be equal to one of the allowed values",
        count: 1,
        example: { orderId: "o4", amount: 5, currency: "GBP" },
        example_message_id: "v-4",
      },
    ]);
  });

  it("never counts a resent batch twice, and keeps the first example as counts grow", async () => {
    expect(await ingest(batch)).toMatchObject({ accepted: 0, duplicates: 5 });
    expect((await violations(versionId)).map((v) => v.count)).toEqual([1, 2, 1]);
    await ingest([eventOf(type, { orderId: "o6", amount: "12", currency: "USD" }, { id: "v-6" })]);
    const amount = (await violations(versionId)).find((v) => v.path === "/amount")!;
    expect(amount).toMatchObject({ count: 3, example_message_id: "v-2" });
  });

  it("switches to a newly registered version at once", async () => {
    const v2 = await register(type, {
      ...paymentSchema,
      properties: { ...(paymentSchema.properties as object), amount: { type: "string" } },
    });
    await ingest([eventOf(type, { orderId: "o7", amount: "7", currency: "EUR" }, { id: "v-7" })]);
    expect(await validity(["v-7"])).toEqual({ "v-7": true });
    expect(await violations(v2)).toEqual([]);
    expect((await versionsOf(type)).filter((v) => v.source === "registered")).toHaveLength(2);
  });

  it("picks up a version another process registered when the stamp changes", async () => {
    const other = "InvoiceIssued";
    const v1 = await register(other, { type: "object", required: ["invoiceId"] }, { announce: false });
    await registeredSchemas().refresh(); // what the poll does every few seconds
    await ingest([eventOf(other, { total: 3 }, { id: "i-1" })]);
    expect(await validity(["i-1"])).toEqual({ "i-1": false });
    expect(await violations(v1)).toMatchObject([{ path: "", keyword: "required", count: 1 }]);
  });

  it("leaves events of types without a registered schema unvalidated (null)", async () => {
    await ingest([eventOf("NotRegistered", { a: 1 }, { id: "n-1" })]);
    expect(await validity(["n-1"])).toEqual({ "n-1": null });
  });
});

describe("drift", () => {
  it("is recomputed when live traffic gets a new inferred version of a type with a registered schema", async () => {
    const type = "DriftChecked";
    await register(type, { type: "object", required: ["a"], properties: { a: { type: "integer" } } });
    await ingest([eventOf(type, { a: 1, b: "extra" }, { id: "d-1" })]);
    const { rows } = await pool().query(
      "SELECT inferred_version, registered_version, drift FROM event_types WHERE name = $1",
      [type],
    );
    expect(rows[0]).toEqual({
      inferred_version: 2, // version numbers count registered ones too
      registered_version: 1,
      drift: {
        registeredVersion: 1,
        inferredVersion: 2,
        changes: [
          {
            kind: "added",
            path: "b",
            message: "field `b` is in live traffic but not in the registered schema",
          },
        ],
      },
    });
  });
});

describe("CATALOG=off", () => {
  it("tracks no shapes, writes no links and validates nothing", async () => {
    setCatalogEnv({ CATALOG: "off" });
    try {
      const registeredVersion = await register("RefundIssued", { type: "object", required: ["refundId"] });
      await ingest(
        [
          eventOf("RefundIssued", { amount: 1 }, { id: "off-1" }),
          eventOf("QuietType", { a: 1 }, { id: "off-2" }),
        ],
        {
          deliveries: [
            {
              messageId: "off-2",
              broker: "rabbit",
              channel: "orders",
              consumer: "billing",
              type: "QuietType",
              deliveredAt: new Date().toISOString(),
              outcome: "ack",
            },
          ],
        },
      );
      expect(await validity(["off-1", "off-2"])).toEqual({ "off-1": null, "off-2": null });
      expect(await violations(registeredVersion)).toEqual([]);
      const { rows } = await pool().query(
        `SELECT (SELECT count(*)::int FROM event_type_shapes s JOIN event_types t ON t.id = s.event_type_id WHERE t.name IN ('RefundIssued', 'QuietType')) AS shapes,
                (SELECT count(*)::int FROM event_type_links l JOIN event_types t ON t.id = l.event_type_id WHERE t.name IN ('RefundIssued', 'QuietType')) AS links`,
      );
      expect(rows[0]).toEqual({ shapes: 0, links: 0 });
    } finally {
      setCatalogEnv({ CATALOG: "on" });
    }
  });
});
