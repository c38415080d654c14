// The reprocess write side's refusals: a viewer gets 403 from every write route, and every bad body
// is a 400 naming the field (the route wrapper's zod mapping, on real Postgres).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as discardRoute } from "@/app/api/v1/dead-letters/discard/route";
import { POST as restoreRoute } from "@/app/api/v1/dead-letters/restore/route";
import { POST as purgeRoute } from "@/app/api/v1/dead-letters/purge/route";
import { POST as reprocessRoute } from "@/app/api/v1/dead-letters/reprocess/route";
import { POST as cancelRoute } from "@/app/api/v1/reprocess/[id]/cancel/route";
import { sessionOf } from "@/lib/testing/auth-callers";
import { call, makeUser, type Caller } from "@/lib/testing/http-client";
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

const key = () => randomUUID();
const reprocess = (body: unknown) =>
  call(reprocessRoute, "/api/v1/dead-letters/reprocess", operator, { method: "POST", body });

describe("who may and what is refused", () => {
  it("a viewer gets 403 from every write route", async () => {
    const id = randomUUID();
    const writes = [
      call(reprocessRoute, "/api/v1/dead-letters/reprocess", viewer, {
        method: "POST",
        body: { ids: [id], idempotencyKey: key() },
      }),
      call(discardRoute, "/api/v1/dead-letters/discard", viewer, { method: "POST", body: { ids: [id] } }),
      call(restoreRoute, "/api/v1/dead-letters/restore", viewer, { method: "POST", body: { ids: [id] } }),
      call(purgeRoute, "/api/v1/dead-letters/purge", viewer, {
        method: "POST",
        body: { filter: {}, confirm: 1 },
      }),
      call(cancelRoute, `/api/v1/reprocess/${id}/cancel`, viewer, { method: "POST", params: { id } }),
    ];
    for (const res of await Promise.all(writes)) expect(res.status).toBe(403);
  });

  const id = "0b7e5a3c-6a1f-4c53-9a43-6f2d2b1a9e10";
  const cases: [string, unknown, string][] = [
    ["no selector", { idempotencyKey: "k-12345678" }, "ids: give exactly one of ids, filter or groupId"],
    [
      "two selectors",
      { ids: [id], groupId: "a".repeat(32), idempotencyKey: "k-12345678" },
      "groupId: give exactly one",
    ],
    ["no key", { ids: [id] }, "idempotencyKey: is required"],
    ["short key", { ids: [id], idempotencyKey: "k" }, "idempotencyKey: must be at least 8"],
    ["bad id", { ids: ["nope"], idempotencyKey: "k-12345678" }, "ids.0: must be dead letter ids"],
    ["empty ids", { ids: [], idempotencyKey: "k-12345678" }, "ids: must name at least one"],
    ["bad group", { groupId: "xyz", idempotencyKey: "k-12345678" }, "groupId: must be a group id"],
    [
      "bad filter",
      { filter: { state: ["lost"] }, idempotencyKey: "k-12345678" },
      "filter.state.0: must be among",
    ],
    [
      "unknown filter field",
      { filter: { colour: "red" }, idempotencyKey: "k-12345678" },
      "filter: Unrecognized key",
    ],
    [
      "target without channel",
      { ids: [id], idempotencyKey: "k-12345678", target: { subject: "x" } },
      "target.channel",
    ],
    [
      "rate 0",
      { ids: [id], idempotencyKey: "k-12345678", ratePerSecond: 0 },
      "ratePerSecond: must be at least 1",
    ],
    [
      "rate too high",
      { ids: [id], idempotencyKey: "k-12345678", ratePerSecond: 1e6 },
      "ratePerSecond: must be at most",
    ],
    [
      "force not boolean",
      { ids: [id], idempotencyKey: "k-12345678", force: "yes" },
      "force: must be true or false",
    ],
    [
      "edit of many",
      { ids: [id, randomUUID()], idempotencyKey: "k-12345678", edit: { payload: {} } },
      "edit: is only possible",
    ],
    [
      "empty edit",
      { ids: [id], idempotencyKey: "k-12345678", edit: {} },
      "edit: must change the payload or the headers",
    ],
    [
      "bad header",
      { ids: [id], idempotencyKey: "k-12345678", edit: { headers: { a: { b: 1 } } } },
      "edit.headers.a: must be a string",
    ],
    ["unknown field", { ids: [id], idempotencyKey: "k-12345678", colour: "red" }, "Unrecognized key"],
  ];
  it.each(cases)("reprocess: %s → 400 naming the field", async (_name, body, message) => {
    const res = await reprocess(body);
    expect(res.status).toBe(400);
    expect((res.body.error as { message: string }).message).toContain(message);
  });

  it("discard, restore and purge: bad bodies → 400 naming the field", async () => {
    const discard = (body: unknown) =>
      call(discardRoute, "/api/v1/dead-letters/discard", operator, { method: "POST", body });
    const restore = (body: unknown) =>
      call(restoreRoute, "/api/v1/dead-letters/restore", operator, { method: "POST", body });
    const purge = (body: unknown) =>
      call(purgeRoute, "/api/v1/dead-letters/purge", operator, { method: "POST", body });
    const expectations: [Promise<{ status: number; body: Record<string, unknown> }>, string][] = [
      [discard({}), "ids: give exactly one"],
      [discard({ ids: ["x"] }), "ids.0: must be dead letter ids"],
      [restore({}), "ids: give exactly one"],
      [restore({ groupId: "nope" }), "groupId: must be a group id"],
      [restore({ ids: [randomUUID()], force: true }), 'Unrecognized key: "force"'],
      [purge({ confirm: 1 }), "filter:"],
      [purge({ filter: {} }), "confirm: must be the number"],
      [purge({ filter: {}, confirm: 0 }), "confirm: must be at least 1"],
      [purge({ filter: { state: ["pending"] }, confirm: 1 }), "filter.state: only discarded or reprocessed"],
      [
        call(discardRoute, "/api/v1/dead-letters/discard", operator, { method: "POST", body: "{not json" }),
        "not valid JSON",
      ],
    ];
    for (const [p, message] of expectations) {
      const res = await p;
      expect(res.status).toBe(400);
      expect((res.body.error as { message: string }).message).toContain(message);
    }
  });
});
