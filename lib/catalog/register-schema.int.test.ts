// Registration through the real routes on real Postgres: each compatibility mode's accept/refuse
// (a table, transitive modes included), idempotent re-registration, racing registrations, version
// numbers after inferred versions, drift after registering, malformed uploads, and who may do it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as compatibility from "@/app/api/v1/event-types/[name]/compatibility/route";
import * as schemas from "@/app/api/v1/event-types/[name]/schemas/route";
import type { IncompatibleSchema, SchemaVersionList } from "@/lib/catalog/api-types";
import type { CompatibilityMode } from "@/lib/catalog/compatibility";
import { makeType, version } from "@/lib/catalog/test-factories";
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

const path = (name: string) => `/api/v1/event-types/${encodeURIComponent(name)}/schemas`;

function register(name: string, body: unknown, caller: Caller = operator, headers?: Record<string, string>) {
  return call(schemas.POST, path(name), caller, { method: "POST", body, params: { name }, headers });
}

function setMode(name: string, mode: CompatibilityMode, caller: Caller = operator) {
  return call(compatibility.PUT, `/api/v1/event-types/${encodeURIComponent(name)}/compatibility`, caller, {
    method: "PUT",
    body: { mode },
    params: { name },
  });
}

const versions = async (name: string) =>
  (await call(schemas.GET, path(name), viewer, { params: { name } })).body as unknown as SchemaVersionList;

const err = (res: Called) => res.body.error as { code: string; message: string; details?: unknown };

const obj = (properties: Record<string, unknown>, required: string[] = []) => ({
  type: "object",
  properties,
  ...(required.length > 0 ? { required } : {}),
});
const str = { type: "string" };
const int = { type: "integer" };

describe("registering", () => {
  it("creates the catalog entry of a type never seen, as version 1, audited", async () => {
    const res = await register("billing.InvoiceIssued", { schema: obj({ id: str }, ["id"]) });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ name: "billing.InvoiceIssued", version: 1, created: true });
    const list = await versions("billing.InvoiceIssued");
    expect(list.compatibility).toBe("BACKWARD");
    expect(list.versions).toMatchObject([
      { version: 1, source: "registered", definition: { type: "object", required: ["id"] } },
    ]);
    const { rows } = await pool().query(
      "SELECT action, details->>'version' AS version FROM audit_log WHERE target = $1",
      ["event_type:billing.InvoiceIssued"],
    );
    expect(rows).toEqual([{ action: "catalog.schema_registered", version: "1" }]);
  });

  it("answers the version it already is for the same schema in another key order (200, created false)", async () => {
    await register("Idem", { schema: { type: "object", properties: { a: str, b: int } } });
    const again = await register("Idem", { schema: { properties: { b: int, a: str }, type: "object" } });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ name: "Idem", version: 1, created: false });
    expect((await versions("Idem")).versions).toHaveLength(1);
  });

  it("numbers after every version of the type, inferred ones included, and recomputes drift", async () => {
    const id = await makeType("orders.Shipped");
    await version(id, { version: 1, source: "inferred", definition: obj({ id: str }) });
    await version(id, { version: 2, source: "inferred", definition: obj({ id: str, carrier: str }) });
    const res = await register("orders.Shipped", { schema: obj({ id: str }) });
    expect(res.body).toEqual({ name: "orders.Shipped", version: 3, created: true });
    const { rows } = await pool().query("SELECT registered_version, drift FROM event_types WHERE id = $1", [
      id,
    ]);
    expect(rows[0].registered_version).toBe(3);
    expect(rows[0].drift).toMatchObject({
      registeredVersion: 3,
      inferredVersion: 2,
      changes: [{ kind: "added", path: "carrier" }],
    });
    const list = await versions("orders.Shipped");
    expect(list.versions.map((v) => [v.version, v.source])).toEqual([
      [3, "registered"],
      [2, "inferred"],
      [1, "inferred"],
    ]);
  });
});

// [mode, versions registered first (all accepted), candidate, refusal text or null (accepted)].
// The three-version rows hold a candidate that agrees with the newest version but not the first:
// only the transitive modes see it.
const v1 = obj({ a: str });
const v2 = obj({});
const v3 = obj({ a: int });
const CASES: [CompatibilityMode, object[], object, string | null][] = [
  ["BACKWARD", [obj({ id: str })], obj({ id: str, note: str }), null],
  [
    "BACKWARD",
    [obj({ id: str })],
    obj({ id: str, currency: str }, ["currency"]),
    "required field `currency` added",
  ],
  ["BACKWARD", [obj({ n: int })], obj({ n: { type: "number" } }), null],
  ["BACKWARD", [obj({ n: { type: "number" } })], obj({ n: int }), "field `n` changed type number → integer"],
  ["BACKWARD", [v1, v2], v3, null],
  ["BACKWARD_TRANSITIVE", [v1, v2], v3, "field `a` changed type string → integer (against version 1)"],
  ["FORWARD", [obj({ id: str }, ["id"])], obj({ id: str }), "field `id` is no longer required"],
  ["FORWARD", [obj({ id: str })], obj({ id: str, currency: str }, ["currency"]), null],
  ["FORWARD", [obj({ a: int }), v2], obj({ a: str }), null],
  ["FORWARD_TRANSITIVE", [obj({ a: int }), v2], obj({ a: str }), "field `a` changed type integer → string"],
  ["FULL", [obj({ id: str })], obj({ id: str, note: str }), null],
  [
    "FULL",
    [obj({ id: str })],
    obj({ id: str, currency: str }, ["currency"]),
    "required field `currency` added",
  ],
  ["FULL", [obj({ id: str }, ["id"])], obj({}), "required field `id` removed"],
  ["FULL", [v1, v2], v3, null],
  ["FULL_TRANSITIVE", [v1, v2], v3, "changed type string → integer (against version 1)"],
  ["NONE", [obj({ id: str }, ["id"])], obj({ id: int, other: str }, ["other"]), null],
];

describe("compatibility modes", () => {
  it.each(CASES.map((c, i) => [i, ...c] as const))(
    "case %i: %s, after %j, %j → %s",
    async (i, mode, before, candidate, refusal) => {
      const name = `modes.case${i}`;
      for (const [k, schema] of before.entries()) {
        const res = await register(name, { schema });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        if (k === 0) expect((await setMode(name, mode)).body).toEqual({ name, compatibility: mode });
      }
      const res = await register(name, { schema: candidate });
      if (refusal === null) {
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        expect(res.body).toMatchObject({ version: before.length + 1, created: true });
        return;
      }
      expect(res.status).toBe(409);
      expect(err(res).code).toBe("incompatible");
      expect(err(res).message).toContain(refusal);
      const details = err(res).details as IncompatibleSchema;
      expect(details.mode).toBe(mode);
      expect(details.breakingChanges.map((c) => c.message).join("\n")).toContain(refusal);
      expect((await versions(name)).versions).toHaveLength(before.length);
    },
  );
});

describe("racing registrations", () => {
  it("gives five different schemas five different numbers", async () => {
    await register("race.Many", { schema: obj({}) });
    await setMode("race.Many", "NONE");
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => register("race.Many", { schema: obj({ [`f${n}`]: str }) })),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(results.map((r) => r.body.version as number).sort()).toEqual([2, 3, 4, 5, 6]);
  });

  it("lets one of two mutually incompatible schemas in, checked against the other, not a stale previous", async () => {
    await register("race.Pair", { schema: obj({}) });
    const [a, b] = await Promise.all([
      register("race.Pair", { schema: obj({ a: str }) }),
      register("race.Pair", { schema: obj({ a: int }) }),
    ]);
    expect([a!.status, b!.status].sort()).toEqual([201, 409]);
    expect((await versions("race.Pair")).versions).toHaveLength(2);
  });

  it("creates a new type once when the same schema races for it, answering the same version", async () => {
    const results = await Promise.all([1, 2, 3].map(() => register("race.New", { schema: obj({ x: str }) })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    expect(new Set(results.map((r) => r.body.version))).toEqual(new Set([1]));
  });
});

describe("malformed uploads", () => {
  it.each([
    ["not JSON", "{schema:", "invalid_json", "the body is not valid JSON"],
    ["no schema", {}, "bad_request", "schema: must be a JSON Schema: a JSON object"],
    ["an array", { schema: [{ type: "string" }] }, "bad_request", "must be a JSON Schema: a JSON object"],
    ["a string", { schema: '{"type":"object"}' }, "bad_request", "must be a JSON Schema: a JSON object"],
    ["an unknown field", { schema: {}, mode: "NONE" }, "bad_request", 'Unrecognized key: "mode"'],
    [
      "a bad keyword value",
      { schema: { type: "object", required: "id" } },
      "bad_request",
      "/required must be array",
    ],
    [
      "an unknown type",
      { schema: { type: "strng" } },
      "bad_request",
      "/type must be equal to one of the allowed values",
    ],
    [
      "a remote $ref",
      { schema: { $ref: "https://example.com/s.json" } },
      "bad_request",
      "refers outside itself",
    ],
  ])("refuses %s with a clear message", async (_what, body, code, message) => {
    const res = await register("malformed.Upload", body);
    expect(res.status).toBe(400);
    expect(err(res).code).toBe(code);
    expect(err(res).message).toContain(message);
  });

  it("refuses a body that is not JSON by type (415), and one over 1 MiB (413)", async () => {
    const yaml = await register("malformed.Upload", "schema: {}", operator, { "content-type": "text/yaml" });
    expect(yaml.status).toBe(415);
    const big = { schema: { type: "string", description: "x".repeat(1024 * 1024) } };
    const res = await register("malformed.Upload", big);
    expect(res.status).toBe(413);
    expect(err(res).message).toContain("larger than the limit of 1048576 bytes");
  });

  it.each([
    ["a/b", 'must not contain "/"'],
    [" padded", "must not start or end with spaces"],
    ["x".repeat(301), "must be at most 300 characters"],
    ["tab\there", "must not contain control characters"],
  ])("refuses the type name %j (400)", async (name, message) => {
    const res = await register(name, { schema: {} });
    expect(res.status).toBe(400);
    expect(err(res).message).toContain(message);
  });

  it("accepts names with dots, spaces and other scripts", async () => {
    for (const name of ["com.shop.order.v2.Placed", "Order Placed", "注文.作成"]) {
      const res = await register(name, { schema: obj({}) });
      expect(res.status).toBe(201);
      expect((await versions(name)).name).toBe(name);
    }
    expect((await pool().query("SELECT 1 FROM event_types WHERE name LIKE 'malformed%'")).rows).toEqual([]);
  });
});

describe("who may register and set modes", () => {
  it("refuses a viewer (403) and nobody (401), and changes nothing", async () => {
    await register("who.Type", { schema: obj({}) });
    const denied = await register("who.Type", { schema: obj({ a: str }) }, viewer);
    expect(denied.status).toBe(403);
    expect(err(denied).message).toContain('"catalog:edit"');
    expect((await register("who.Type", { schema: obj({ a: str }) }, { kind: "anonymous" })).status).toBe(401);
    expect((await setMode("who.Type", "NONE", viewer)).status).toBe(403);
    expect((await setMode("who.Type", "NONE", { kind: "anonymous" })).status).toBe(401);
    const list = await versions("who.Type");
    expect(list).toMatchObject({ compatibility: "BACKWARD" });
    expect(list.versions).toHaveLength(1);
  });
});

describe("PUT compatibility", () => {
  it("sets a mode (audited with before and after), refuses unknown modes and types", async () => {
    await register("modes.Audited", { schema: obj({}) });
    expect((await setMode("modes.Audited", "FULL_TRANSITIVE")).status).toBe(200);
    const { rows } = await pool().query(
      "SELECT details FROM audit_log WHERE action = 'catalog.compatibility_changed'",
    );
    expect(rows.map((r) => r.details)).toContainEqual({ before: "BACKWARD", after: "FULL_TRANSITIVE" });
    const bad = await setMode("modes.Audited", "SIDEWAYS" as CompatibilityMode);
    expect(bad.status).toBe(400);
    expect(err(bad).message).toContain("mode: must be one of BACKWARD, BACKWARD_TRANSITIVE");
    const unknown = await setMode("no.such.Type", "NONE");
    expect(unknown.status).toBe(404);
    expect(err(unknown).message).toBe('no event type named "no.such.Type"');
  });
});
