// Alert rule changes in the audit log, through the routes on real Postgres: create, change, a
// disable and an enable (each its own action when nothing else changed), delete and YAML import,
// each with who did it; a write refused for a stale If-Match records nothing.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE as deleteRoute, PUT as putRoute } from "@/app/api/v1/alert-rules/[id]/route";
import { POST as importRoute } from "@/app/api/v1/alert-rules/import/route";
import { POST as createRoute } from "@/app/api/v1/alert-rules/route";
import { pool } from "@/lib/db/client";
import { sessionOf } from "@/lib/testing/auth-callers";
import { call, makeUser, type Caller } from "@/lib/testing/http-client";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

let db: TestDatabase;
let admin: Caller;
const email = `audit-admin-${randomBytes(3).toString("hex")}@example.com`;
beforeAll(async () => {
  db = await createTestDatabase();
  admin = await sessionOf(await makeUser("admin", { email }));
});
afterAll(async () => db.drop());

const rule = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  kind: "throughput",
  scope: { kind: "event_type", type: "AuditedType" },
  params: { condition: "absent" },
  window: "10m",
  ...extra,
});

async function auditOf(target: string) {
  const { rows } = await pool().query<{
    action: string;
    actor_label: string;
    details: Record<string, unknown>;
  }>("SELECT action, actor_label, details FROM audit_log WHERE target = $1 ORDER BY id", [target]);
  return rows;
}

describe("alert rule audit", () => {
  it("records create, change, disable, enable and delete with the actor", async () => {
    const name = `audited ${randomBytes(3).toString("hex")}`;
    const created = await call(createRoute, "/api/v1/alert-rules", admin, {
      method: "POST",
      body: rule(name),
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const put = (body: unknown, version: number) =>
      call(putRoute, `/api/v1/alert-rules/${id}`, admin, {
        method: "PUT",
        body,
        headers: { "if-match": `"${version}"` },
        params: { id },
      });
    expect((await put(rule(name, { window: "20m" }), 1)).status).toBe(200);
    expect((await put(rule(name, { window: "20m", enabled: false }), 2)).status).toBe(200);
    // A stale version is refused and leaves no entry.
    expect((await put(rule(name, { window: "30m" }), 2)).status).toBe(409);
    expect((await put(rule(name, { window: "20m", enabled: true }), 3)).status).toBe(200);
    const del = await call(deleteRoute, `/api/v1/alert-rules/${id}`, admin, {
      method: "DELETE",
      params: { id },
    });
    expect(del.status).toBe(204);

    const entries = await auditOf(`alert_rule:${id}`);
    expect(entries.map((e) => e.action)).toEqual([
      "alert.rule_created",
      "alert.rule_changed",
      "alert.rule_disabled",
      "alert.rule_enabled",
      "alert.rule_deleted",
    ]);
    expect(new Set(entries.map((e) => e.actor_label))).toEqual(new Set([email]));
    expect(entries[0]!.details).toEqual({ name, kind: "throughput" });
    expect(entries[3]!.details).toEqual({ name, version: 4 });
  });

  it("records an import once, naming what it created and changed", async () => {
    const a = `imported ${randomBytes(3).toString("hex")}`;
    const doc = { kind: "eventscope/alert-rules", rules: [rule(a)] };
    const res = await call(importRoute, "/api/v1/alert-rules/import", admin, { method: "POST", body: doc });
    expect(res.status).toBe(200);
    const { rows } = await pool().query<{ details: Record<string, unknown>; actor_label: string }>(
      "SELECT details, actor_label FROM audit_log WHERE action = 'alert.rules_imported' ORDER BY id",
    );
    expect(rows).toEqual([
      { details: { created: [a], updated: [], deleted: [], prune: false }, actor_label: email },
    ]);
    // The rules it created are not recorded one by one as well.
    const { rows: each } = await pool().query("SELECT 1 FROM audit_log WHERE details->>'name' = $1", [a]);
    expect(each).toEqual([]);
  });
});
