// AsyncAPI import and export, and the JSON Schema export, through the real routes on real
// Postgres: multi-message 2.x (YAML) and 3.x (JSON) documents, per-message refusals, invalid and
// oversized documents, who may import, and the export read back by the importer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import * as asyncapi from "@/app/api/v1/catalog/asyncapi/route";
import * as jsonSchema from "@/app/api/v1/catalog/json-schema/route";
import type { AsyncApiImportResult } from "@/lib/catalog/api-types";
import { readAsyncApi } from "@/lib/catalog/asyncapi-read";
import { schemaFingerprint } from "@/lib/catalog/fingerprint";
import { link, makeType, version } from "@/lib/catalog/test-factories";
import { pool } from "@/lib/db/client";
import { sessionOf } from "@/lib/testing/auth-callers";
import { call, makeUser, type Called, type Caller } from "@/lib/testing/http-client";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

let db: TestDatabase;
let operator: Caller;
let viewer: Caller;
beforeAll(async () => {
  db = await createTestDatabase();
  operator = await sessionOf(await makeUser("operator"));
  viewer = await sessionOf(await makeUser("viewer"));
});
afterAll(async () => db.drop());

const YAML = { "content-type": "application/yaml" };

function importDoc(body: unknown, caller: Caller = operator, headers?: Record<string, string>) {
  return call(asyncapi.POST, "/api/v1/catalog/asyncapi", caller, { method: "POST", body, headers });
}
const result = (res: Called) => res.body as unknown as AsyncApiImportResult;
const message = (res: Called) => (res.body.error as { message: string }).message;

const V2_YAML = `
asyncapi: 2.6.0
info: { title: Shop, version: 1.0.0 }
channels:
  orders:
    publish:
      message: { $ref: '#/components/messages/OrderPlaced' }
    subscribe:
      message:
        oneOf:
          - name: shop.OrderCancelled
            payload: { type: object, properties: { id: { type: string } }, required: [id] }
          - name: shop.OrderAudited
            schemaFormat: application/vnd.apache.avro;version=1.9.0
            payload: { type: record, name: Audit, fields: [] }
components:
  messages:
    OrderPlaced:
      name: shop.OrderPlaced
      payload: { $ref: '#/components/schemas/Order' }
  schemas:
    Order:
      type: object
      required: [id, total]
      properties:
        id: { type: string, format: uuid }
        total: { type: number }
`;

describe("POST /api/v1/catalog/asyncapi", () => {
  it("registers each message of a 2.x YAML document and refuses the Avro one with its reason", async () => {
    const res = await importDoc(V2_YAML, operator, YAML);
    expect(res.status).toBe(200);
    expect(result(res)).toEqual({
      registered: [
        { name: "shop.OrderPlaced", version: 1, created: true },
        { name: "shop.OrderCancelled", version: 1, created: true },
      ],
      refused: [{ name: "shop.OrderAudited", reason: expect.stringContaining("its schemaFormat is Avro") }],
    });
    const { rows } = await pool().query(
      `SELECT t.name, v.definition FROM schema_versions v JOIN event_types t ON t.id = v.event_type_id
        WHERE t.name = 'shop.OrderPlaced'`,
    );
    expect(rows[0].definition).toMatchObject({
      required: ["id", "total"],
      properties: { total: { type: "number" } },
    });
    const audit = await pool().query("SELECT details->>'via' AS via FROM audit_log WHERE target = $1", [
      "event_type:shop.OrderPlaced",
    ]);
    expect(audit.rows).toEqual([{ via: "asyncapi" }]);
    const again = await importDoc(V2_YAML, operator, YAML);
    expect(result(again).registered.map((r) => r.created)).toEqual([false, false]);
  });

  it("imports a 3.x JSON document per message: an incompatible one is refused, the rest registered", async () => {
    const doc = {
      asyncapi: "3.0.0",
      info: { title: "Shop", version: "2.0.0" },
      channels: {
        orders: {
          address: "orders",
          messages: {
            placed: { $ref: "#/components/messages/placed" },
            shipped: { $ref: "#/components/messages/shipped" },
          },
        },
      },
      components: {
        messages: {
          // shop.OrderPlaced (from the 2.x import) made `currency` required: BACKWARD refuses it.
          placed: {
            name: "shop.OrderPlaced",
            payload: {
              type: "object",
              required: ["id", "total", "currency"],
              properties: { id: { type: "string" }, total: { type: "number" }, currency: { type: "string" } },
            },
          },
          shipped: { name: "shop.OrderShipped", payload: { type: "object" } },
        },
      },
    };
    const res = await importDoc(doc);
    expect(res.status).toBe(200);
    expect(result(res).registered).toEqual([{ name: "shop.OrderShipped", version: 1, created: true }]);
    expect(result(res).refused).toEqual([
      {
        name: "shop.OrderPlaced",
        reason: expect.stringContaining("BACKWARD compatibility refuses this schema"),
        breakingChanges: [{ path: "currency", message: "required field `currency` added" }],
      },
    ]);
  });

  it.each([
    ["not AsyncAPI", { openapi: "3.1.0" }, '"asyncapi" (the version, e.g. "3.0.0") is missing'],
    ["an old version", { asyncapi: "1.2.0", info: {} }, "AsyncAPI 1.2.0 is not supported"],
    ["missing info", { asyncapi: "3.0.0", channels: {} }, "info is missing"],
    ["no messages", { asyncapi: "3.0.0", info: { title: "a", version: "1" } }, "defines no messages"],
  ])("refuses %s with 400 saying where", async (_what, doc, text) => {
    const res = await importDoc(doc);
    expect(res.status).toBe(400);
    expect(message(res)).toContain(text);
  });

  it("refuses invalid YAML and JSON (400), another media type (415) and an oversized document (413)", async () => {
    const yaml = await importDoc("asyncapi: [3.0.0\ninfo: x", operator, YAML);
    expect(yaml.status).toBe(400);
    expect(message(yaml)).toContain("the body is not valid YAML");
    let bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (let i = 1; i < 10; i++) bomb += `a${i}: &a${i} [${new Array(10).fill(`*a${i - 1}`).join(", ")}]\n`;
    const laughs = await importDoc(bomb, operator, YAML);
    expect(laughs.status).toBe(400);
    expect(message(laughs)).toContain("Excessive alias count");
    expect((await importDoc("{asyncapi", operator)).status).toBe(400);
    const xml = await importDoc("<asyncapi/>", operator, { "content-type": "application/xml" });
    expect(xml.status).toBe(415);
    const big = `${V2_YAML}\n# ${"x".repeat(1024 * 1024)}\n`;
    const res = await importDoc(big, operator, YAML);
    expect(res.status).toBe(413);
    expect(message(res)).toContain("larger than the limit of 1048576 bytes");
  });

  it("refuses more than 500 messages in one document (413) before registering any", async () => {
    const messages = Object.fromEntries(
      Array.from({ length: 501 }, (_, i) => [`m${i}`, { name: `many.M${i}`, payload: { type: "object" } }]),
    );
    const res = await importDoc({
      asyncapi: "3.0.0",
      info: { title: "a", version: "1" },
      components: { messages },
    });
    expect(res.status).toBe(413);
    expect((await pool().query("SELECT 1 FROM event_types WHERE name LIKE 'many.%'")).rows).toEqual([]);
  });

  it("refuses a viewer (403) and nobody (401)", async () => {
    expect((await importDoc(V2_YAML, viewer, YAML)).status).toBe(403);
    expect((await importDoc(V2_YAML, { kind: "anonymous" }, YAML)).status).toBe(401);
  });
});

describe("exports", () => {
  const tree = {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    type: "object",
    properties: { id: { type: "string" }, children: { type: "array", items: { $ref: "#/$defs/node" } } },
    $defs: {
      node: { type: "object", properties: { children: { type: "array", items: { $ref: "#/$defs/node" } } } },
    },
  };
  const inferred = {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    type: "object",
    properties: { at: { type: "string", format: "date-time" } },
    required: ["at"],
  };

  beforeAll(async () => {
    const tracked = await makeType("export.Tree Built", {
      owner: "team-x",
      tags: ["t"],
      description: "A tree",
    });
    await version(tracked, { version: 1, source: "inferred", definition: { type: "object" } });
    await version(tracked, { version: 2, source: "registered", definition: tree });
    await link(tracked, { broker: "rabbit", channel: "trees", service: "builder", role: "produce" });
    await link(tracked, { broker: "rabbit", channel: "trees", service: "viewer", role: "consume" });
    await link(tracked, { broker: "rabbit", channel: "trees", service: null, role: "consume" });
    const seen = await makeType("export.Seen");
    await version(seen, { version: 1, source: "inferred", definition: inferred });
    await link(seen, { broker: "nats", channel: "trees", service: "builder", role: "produce" });
  });

  const exportAs = (query: string, caller: Caller = viewer) =>
    call(asyncapi.GET, `/api/v1/catalog/asyncapi${query}`, caller);

  it("writes AsyncAPI 3.0 with channels, operations and messages from the catalog", async () => {
    const res = await exportAs("?format=json");
    expect(res.status).toBe(200);
    const doc = res.body as Record<string, Record<string, Record<string, unknown>>>;
    expect(doc.asyncapi).toBe("3.0.0");
    expect(Object.keys(doc.channels!).sort()).toEqual(["nats.trees", "rabbit.trees"]);
    expect(doc.channels!["rabbit.trees"]).toEqual({
      address: "trees",
      messages: { "export.Tree_Built": { $ref: "#/components/messages/export.Tree_Built" } },
      "x-eventscope": { broker: "rabbit" },
    });
    expect(doc.operations!["builder.send.rabbit.trees"]).toEqual({
      action: "send",
      channel: { $ref: "#/channels/rabbit.trees" },
      messages: [{ $ref: "#/channels/rabbit.trees/messages/export.Tree_Built" }],
      "x-eventscope": { service: "builder" },
    });
    expect(Object.keys(doc.operations!).sort()).toEqual([
      "builder.send.nats.trees",
      "builder.send.rabbit.trees",
      "unknown.receive.rabbit.trees",
      "viewer.receive.rabbit.trees",
    ]);
    const keyPattern = /^[a-zA-Z0-9.\-_]+$/;
    for (const part of ["channels", "operations"] as const)
      for (const key of Object.keys(doc[part]!)) expect(key).toMatch(keyPattern);
    expect(doc.components!.messages).toMatchObject({
      "export.Tree_Built": {
        name: "export.Tree Built",
        description: "A tree",
        payload: { schemaFormat: "application/schema+json;version=draft-2020-12", schema: tree },
        "x-eventscope": { owner: "team-x", tags: ["t"], schemaVersion: { version: 2, source: "registered" } },
      },
      "export.Seen": { name: "export.Seen", payload: { schema: inferred } },
    });
  });

  it("round-trips: the importer reads the export back to the very same schemas", async () => {
    const yaml = await call(
      asyncapi.GET,
      "/api/v1/catalog/asyncapi?format=yaml&type=export.Tree%20Built",
      viewer,
    );
    expect(yaml.headers.get("content-type")).toContain("application/yaml");
    const text = yaml.body.text as string;
    const read = readAsyncApi(parse(text));
    expect(read.refused).toEqual([]);
    expect(read.messages.map((m) => [m.name, schemaFingerprint(m.payload)])).toEqual([
      ["export.Tree Built", schemaFingerprint(tree)],
    ]);
    // Imported as it is: nothing changes for the registered type; the inferred one becomes registered.
    const whole = (await exportAs("?format=yaml")).body.text as string;
    const res = await importDoc(whole, operator, YAML);
    const byName = new Map(result(res).registered.map((r) => [r.name, r]));
    expect(result(res).refused).toEqual([]);
    expect(byName.get("export.Seen")).toEqual({ name: "export.Seen", version: 2, created: true });
    expect(byName.get("export.Tree Built")).toEqual({
      name: "export.Tree Built",
      version: 2,
      created: false,
    });
    for (const [name, r] of byName) if (name !== "export.Seen") expect(r.created, name).toBe(false);
    const { rows } = await pool().query(
      `SELECT v.fingerprint FROM schema_versions v JOIN event_types t ON t.id = v.event_type_id
        WHERE t.name = 'export.Seen' ORDER BY v.version`,
    );
    expect(rows.map((r) => r.fingerprint)).toEqual([
      schemaFingerprint(inferred),
      schemaFingerprint(inferred),
    ]);
    expect(text).not.toMatch(/(^|\s)[&*]a\d+\b/m); // plain YAML: no anchors or aliases
  });

  it("exports JSON Schema for one type or all, with downloads named, and 404s that say why", async () => {
    const one = await call(jsonSchema.GET, "/api/v1/catalog/json-schema?type=export.Seen&download=1", viewer);
    expect(one.body).toEqual(inferred);
    expect(one.headers.get("content-disposition")).toBe(
      `attachment; filename="export.Seen.schema.json"; filename*=UTF-8''export.Seen.schema.json`,
    );
    const all = await call(jsonSchema.GET, "/api/v1/catalog/json-schema", viewer);
    const defs = all.body.$defs as Record<string, Record<string, unknown>>;
    expect(defs["export.Tree Built"]).toMatchObject({
      $id: "urn:eventscope:event-type:export.Tree%20Built",
      $defs: tree.$defs,
    });
    expect(defs["export.Tree Built"]!.$schema).toBeUndefined();
    const unknown = await call(jsonSchema.GET, "/api/v1/catalog/json-schema?type=nope", viewer);
    expect(unknown.status).toBe(404);
    await makeType("export.Empty");
    const empty = await call(jsonSchema.GET, "/api/v1/catalog/json-schema?type=export.Empty", viewer);
    expect(empty.status).toBe(404);
    expect(message(empty)).toBe('event type "export.Empty" has no schema yet');
  });

  it("answers 404 for an unknown type, 400 for a bad format, 401 to nobody", async () => {
    expect((await exportAs("?type=nope")).status).toBe(404);
    const bad = await exportAs("?format=xml");
    expect(bad.status).toBe(400);
    expect(message(bad)).toContain('format: must be "yaml" or "json"');
    expect((await exportAs("", { kind: "anonymous" })).status).toBe(401);
    const download = await exportAs("?format=json&download=true");
    expect(download.headers.get("content-disposition")).toContain(
      'filename="eventscope-catalog.asyncapi.json"',
    );
  });
});
