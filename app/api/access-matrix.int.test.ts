// The role × route matrix: every API route file and exported method on disk has a row here saying
// who may call it. The rows must match the files exactly (a new route without a row fails), must
// agree with each handler's declared access, and are then proven by calling every route as eight
// kinds of caller — nobody, three roles, three kinds of token and a collector — on real Postgres.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as authRoute from "@/app/api/auth/[...all]/route";
import { revokeApiToken } from "@/lib/auth/api-tokens";
import { createCollectorToken } from "@/lib/auth/collector-tokens";
import { PERMISSIONS, type Permission, type Role } from "@/lib/auth/permissions";
import { pool } from "@/lib/db/client";
import type { GuardedHandler } from "@/lib/http/handler";
import { apiTokenOf, freshAddress, sessionOf } from "@/lib/testing/auth-callers";
import { call, makeUser, type Caller } from "@/lib/testing/http-client";
import { apiRouteFiles, HTTP_METHODS, urlFor } from "@/lib/testing/route-files";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

/** Who may call a route: anyone, a collector, or a person (or their token) with `permission`. */
type Rule =
  | "public"
  | "collector"
  /** `least` is the lowest role holding the permission, written out here rather than computed. */
  | { permission: Permission; least: Role; sessionOnly?: true };

const MATRIX: Record<string, Rule> = {
  "GET /api/auth/[...all]": "public",
  "POST /api/auth/[...all]": "public",
  "GET /api/health": "public",
  "POST /api/invites/accept": "public",
  "POST /api/setup": "public",
  "GET /api/v1/audit": { permission: "audit:read", least: "admin" },
  "GET /api/v1/catalog/asyncapi": { permission: "events:read", least: "viewer" },
  "POST /api/v1/catalog/asyncapi": { permission: "catalog:edit", least: "operator" },
  "GET /api/v1/catalog/json-schema": { permission: "events:read", least: "viewer" },
  "GET /api/v1/collectors": { permission: "events:read", least: "viewer" },
  "POST /api/v1/collectors": { permission: "tokens:manage", least: "admin" },
  "DELETE /api/v1/collectors/[id]": { permission: "tokens:manage", least: "admin" },
  "POST /api/v1/collectors/[id]/rotate": { permission: "tokens:manage", least: "admin" },
  "POST /api/v1/ingest": "collector",
  // DLQ browse (issue 7): reading dead letters; the payload itself also needs payloads:read.
  "GET /api/v1/dead-letters": { permission: "events:read", least: "viewer" },
  "GET /api/v1/dead-letters/[id]": { permission: "events:read", least: "viewer" },
  "GET /api/v1/dead-letters/facets": { permission: "events:read", least: "viewer" },
  "GET /api/v1/dead-letters/groups": { permission: "events:read", least: "viewer" },
  "GET /api/v1/event-types": { permission: "events:read", least: "viewer" },
  "GET /api/v1/event-types/[name]": { permission: "events:read", least: "viewer" },
  "PATCH /api/v1/event-types/[name]": { permission: "catalog:edit", least: "operator" },
  "PUT /api/v1/event-types/[name]/compatibility": { permission: "catalog:edit", least: "operator" },
  "GET /api/v1/event-types/[name]/schemas": { permission: "events:read", least: "viewer" },
  "POST /api/v1/event-types/[name]/schemas": { permission: "catalog:edit", least: "operator" },
  "GET /api/v1/flows": { permission: "events:read", least: "viewer" },
  "GET /api/v1/flows/edge": { permission: "events:read", least: "viewer" },
  "GET /api/v1/latency": { permission: "events:read", least: "viewer" },
  "GET /api/v1/latency/scopes": { permission: "events:read", least: "viewer" },
  "GET /api/v1/me": { permission: "events:read", least: "viewer" },
  "GET /api/v1/overview": { permission: "events:read", least: "viewer" },
  "GET /api/v1/settings/access": { permission: "settings:manage", least: "admin" },
  "PUT /api/v1/settings/access": { permission: "settings:manage", least: "admin" },
  "GET /api/v1/traces": { permission: "events:read", least: "viewer" },
  "GET /api/v1/traces/[traceId]": { permission: "events:read", least: "viewer" },
  "GET /api/v1/tokens": { permission: "events:read", least: "viewer" },
  // A token cannot mint tokens (one leaked token must not make itself permanent).
  "POST /api/v1/tokens": { permission: "events:read", least: "viewer", sessionOnly: true },
  "DELETE /api/v1/tokens/[id]": { permission: "events:read", least: "viewer" },
  "GET /api/v1/tokens/all": { permission: "tokens:manage", least: "admin" },
  "GET /api/v1/users": { permission: "users:manage", least: "admin" },
  "POST /api/v1/users": { permission: "users:manage", least: "admin" },
  "PATCH /api/v1/users/[id]": { permission: "users:manage", least: "admin" },
  "POST /api/v1/users/[id]/invite": { permission: "users:manage", least: "admin" },
  "DELETE /api/v1/users/[id]/sessions": { permission: "users:manage", least: "admin" },
  // ── DLQ write side (issue 7, reprocess engine) ──
  "POST /api/v1/dead-letters/reprocess": { permission: "dlq:reprocess", least: "operator" },
  "POST /api/v1/dead-letters/discard": { permission: "dlq:discard", least: "operator" },
  "POST /api/v1/dead-letters/restore": { permission: "dlq:discard", least: "operator" },
  "GET /api/v1/dead-letters/purge": { permission: "events:read", least: "viewer" },
  "POST /api/v1/dead-letters/purge": { permission: "dlq:discard", least: "operator" },
  "GET /api/v1/reprocess": { permission: "events:read", least: "viewer" },
  "GET /api/v1/reprocess/[id]": { permission: "events:read", least: "viewer" },
  "POST /api/v1/reprocess/[id]/cancel": { permission: "dlq:reprocess", least: "operator" },
  // ── Alert rules (issue 8): anyone who reads dashboards reads rules, states and history; changing
  // rules is "alerts:manage" (admins, lib/auth/permissions.ts).
  "GET /api/v1/alert-rules": { permission: "events:read", least: "viewer" },
  "POST /api/v1/alert-rules": { permission: "alerts:manage", least: "admin" },
  "GET /api/v1/alert-rules/[id]": { permission: "events:read", least: "viewer" },
  "PUT /api/v1/alert-rules/[id]": { permission: "alerts:manage", least: "admin" },
  "DELETE /api/v1/alert-rules/[id]": { permission: "alerts:manage", least: "admin" },
  "GET /api/v1/alert-rules/[id]/history": { permission: "events:read", least: "viewer" },
  "GET /api/v1/alert-rules/export": { permission: "events:read", least: "viewer" },
  "POST /api/v1/alert-rules/import": { permission: "alerts:manage", least: "admin" },
  "POST /api/v1/alert-rules/preview": { permission: "events:read", least: "viewer" },
  "GET /api/v1/alerts": { permission: "events:read", least: "viewer" },
  // Notifications (issue 8): admins manage contact points (secrets are never shown to anyone);
  // operators may silence alerts ("alerts:silence").
  "GET /api/v1/contact-points": { permission: "events:read", least: "viewer" },
  "POST /api/v1/contact-points": { permission: "alerts:manage", least: "admin" },
  "GET /api/v1/contact-points/[id]": { permission: "events:read", least: "viewer" },
  "PUT /api/v1/contact-points/[id]": { permission: "alerts:manage", least: "admin" },
  "DELETE /api/v1/contact-points/[id]": { permission: "alerts:manage", least: "admin" },
  "POST /api/v1/contact-points/[id]/test": { permission: "alerts:manage", least: "admin" },
  "GET /api/v1/contact-points/notifications": { permission: "events:read", least: "viewer" },
  // The demo's slow-consumer knob (404 when the demo does not run; the matrix only checks access).
  "GET /api/v1/demo/slow-consumer": { permission: "events:read", least: "viewer" },
  "POST /api/v1/demo/slow-consumer": { permission: "settings:manage", least: "admin" },
  "GET /api/v1/silences": { permission: "events:read", least: "viewer" },
  "POST /api/v1/silences": { permission: "alerts:silence", least: "operator" },
  "GET /api/v1/silences/[id]": { permission: "events:read", least: "viewer" },
  "PUT /api/v1/silences/[id]": { permission: "alerts:silence", least: "operator" },
  "DELETE /api/v1/silences/[id]": { permission: "alerts:silence", least: "operator" },
};

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

type Who =
  | { kind: "anonymous" | "collector" | "revoked" }
  | { kind: "session"; role: Role }
  | { kind: "token"; role: Role; scopes: readonly Permission[] };

type Outcome = "401" | "403" | "allowed";

/** What the matrix says `who` gets from a route with `rule`. */
function expected(rule: Rule, who: Who): Outcome {
  if (rule === "public") return "allowed";
  if (rule === "collector") return who.kind === "collector" ? "allowed" : "401";
  if (who.kind !== "session" && who.kind !== "token") return "401";
  const roleHolds = RANK[who.role] >= RANK[rule.least];
  if (who.kind === "session") return roleHolds ? "allowed" : "403";
  if (rule.sessionOnly) return "403";
  return roleHolds && who.scopes.includes(rule.permission) ? "allowed" : "403";
}

function outcomeOf(status: number): Outcome {
  return status === 401 ? "401" : status === 403 ? "403" : "allowed";
}

const VIEWER_SCOPES: Permission[] = ["events:read", "payloads:read"];
const ADMIN_SCOPES: Permission[] = [...PERMISSIONS];

let db: TestDatabase;
const handlers = new Map<string, GuardedHandler>();
const callers: { name: string; who: Who; caller: Caller }[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  for (const f of apiRouteFiles()) {
    const mod = (await import(f.file)) as Record<string, unknown>;
    for (const method of HTTP_METHODS) {
      const h = mod[method];
      if (typeof h === "function") handlers.set(`${method} ${f.pattern}`, h as GuardedHandler);
    }
  }
  const viewer = await makeUser("viewer");
  const operator = await makeUser("operator");
  const admin = await makeUser("admin");
  const revoked = await apiTokenOf(admin, ADMIN_SCOPES);
  await revokeApiToken(revoked.id, null, { actor: { type: "system", label: "test" }, ip: null });
  const collector = await createCollectorToken("matrix");
  callers.push(
    { name: "anonymous", who: { kind: "anonymous" }, caller: { kind: "anonymous" } },
    { name: "viewer session", who: { kind: "session", role: "viewer" }, caller: await sessionOf(viewer) },
    {
      name: "operator session",
      who: { kind: "session", role: "operator" },
      caller: await sessionOf(operator),
    },
    { name: "admin session", who: { kind: "session", role: "admin" }, caller: await sessionOf(admin) },
    {
      name: "viewer token (all its scopes)",
      who: { kind: "token", role: "viewer", scopes: VIEWER_SCOPES },
      caller: (await apiTokenOf(viewer, VIEWER_SCOPES)).caller,
    },
    {
      name: "admin token (events:read only)",
      who: { kind: "token", role: "admin", scopes: ["events:read"] },
      caller: (await apiTokenOf(admin, ["events:read"])).caller,
    },
    {
      name: "collector token",
      who: { kind: "collector" },
      caller: { kind: "token", token: collector.token },
    },
    { name: "revoked API token", who: { kind: "revoked" }, caller: revoked.caller },
  );
});
afterAll(async () => db.drop());

describe("the access matrix", () => {
  it("has exactly one row per (route file, exported method) on disk", () => {
    expect([...handlers.keys()].sort()).toEqual(Object.keys(MATRIX).sort());
  });

  it("agrees with the access each handler declares", () => {
    for (const [key, rule] of Object.entries(MATRIX)) {
      const declared = handlers.get(key)?.access;
      if (rule === "public") {
        expect(declared?.kind, key).toBe("public");
        expect(declared && "why" in declared && declared.why.length > 0, key).toBe(true);
      } else if (rule === "collector") {
        expect(declared, key).toEqual({ kind: "collector" });
      } else {
        const { permission, sessionOnly } = rule;
        expect(declared, key).toEqual({ kind: "user", permission, ...(sessionOnly ? { sessionOnly } : {}) });
      }
    }
  });
});

// The catch-all auth route is called at one harmless endpoint per method here; its endpoints
// are covered one by one below.
const AUTH_PROBES: Record<string, string> = {
  "GET /api/auth/[...all]": "/api/auth/get-session",
  "POST /api/auth/[...all]": "/api/auth/sign-in/email",
};

describe.each(Object.entries(MATRIX))("%s", (key, rule) => {
  it("answers every kind of caller as the matrix says", async () => {
    const handler = handlers.get(key);
    expect(handler, `no handler on disk for ${key}`).toBeDefined();
    const [method, pattern] = key.split(" ") as [string, string];
    const id = randomUUID(); // nobody has it: past the access check, a 404
    // Dynamic segments get the unknown id ([id], and an event type's [name]).
    const params = Object.fromEntries(
      ["id", "name"].filter((p) => pattern.includes(`[${p}]`)).map((p) => [p, id]),
    );
    const path = AUTH_PROBES[key] ?? urlFor(pattern, params);
    const mismatches: string[] = [];
    for (const { name, who, caller } of callers) {
      const res = await call(handler!, path, caller, {
        method,
        params,
        // An invalid body: what gets past the access check is answered 400, and changes nothing.
        body: method === "GET" || method === "DELETE" ? undefined : {},
        address: freshAddress(),
      });
      const want = expected(rule, who);
      const got = outcomeOf(res.status);
      if (got !== want || res.status >= 500)
        mismatches.push(`${name}: expected ${want}, got ${res.status} ${JSON.stringify(res.body)}`);
    }
    expect(mismatches).toEqual([]);
  });
});

describe("/api/auth/[...all] endpoints", () => {
  async function auth(path: string, caller: Caller, body: unknown = {}) {
    return call(authRoute.POST, path, caller, { method: "POST", body, address: freshAddress() });
  }
  const tokenCaller = () => callers.find((c) => c.name === "viewer token (all its scopes)")!.caller;
  const viewerSession = () => callers.find((c) => c.name === "viewer session")!.caller;

  it("refuses change-password and revoke-sessions without a session (401), API tokens included", async () => {
    const body = { currentPassword: "whatever-it-was-1", newPassword: "something-new-and-long" };
    for (const caller of [{ kind: "anonymous" } as const, tokenCaller()]) {
      expect((await auth("/api/auth/change-password", caller, body)).status).toBe(401);
      expect((await auth("/api/auth/revoke-sessions", caller)).status).toBe(401);
    }
  });

  it("answers get-session with nobody for an anonymous caller and the person for a session", async () => {
    const none = await call(authRoute.GET, "/api/auth/get-session", { kind: "anonymous" });
    expect(none).toMatchObject({ status: 200, body: {} });
    const mine = await call(authRoute.GET, "/api/auth/get-session", viewerSession());
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ user: { role: "viewer" } });
  });

  it("keeps sign-up and the self-service account endpoints switched off (404)", async () => {
    const before = await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM users");
    const signUp = await auth(
      "/api/auth/sign-up/email",
      { kind: "anonymous" },
      { email: "new@example.com", password: "long-enough-password", name: "New" },
    );
    expect(signUp.status).toBe(404);
    const off = [
      "/api/auth/update-user",
      "/api/auth/change-email",
      "/api/auth/delete-user",
      "/api/auth/request-password-reset",
      "/api/auth/reset-password",
      "/api/auth/set-password",
      "/api/auth/revoke-session",
      "/api/auth/revoke-other-sessions",
      "/api/auth/update-session",
      "/api/auth/link-social",
      "/api/auth/unlink-account",
      "/api/auth/sign-in/social",
    ];
    for (const path of off) {
      const res = await auth(path, viewerSession(), { role: "admin", email: "x@example.com" });
      expect(`${path} ${res.status}`).toBe(`${path} 404`);
    }
    for (const path of ["/api/auth/list-sessions", "/api/auth/list-accounts"]) {
      const res = await call(authRoute.GET, path, viewerSession());
      expect(`${path} ${res.status}`).toBe(`${path} 404`);
    }
    const after = await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM users");
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
    const roles = await pool().query("SELECT DISTINCT role FROM users WHERE email LIKE 'viewer-%'");
    expect(roles.rows).toEqual([{ role: "viewer" }]);
  });
});
