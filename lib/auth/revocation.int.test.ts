// Access ends at once: a revoked or expired API token, a disabled person, a person signed out by an
// admin and a changed role all count on the very next request, because every request reads
// Postgres (lib/auth/session.ts). Driven through the real route handlers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as me from "@/app/api/v1/me/route";
import * as tokenById from "@/app/api/v1/tokens/[id]/route";
import * as tokens from "@/app/api/v1/tokens/route";
import * as userById from "@/app/api/v1/users/[id]/route";
import * as userSessions from "@/app/api/v1/users/[id]/sessions/route";
import * as users from "@/app/api/v1/users/route";
import { pool } from "@/lib/db/client";
import { apiTokenOf, sessionOf, signIn } from "@/lib/testing/auth-callers";
import { call, makeUser, type Called, type Caller, type TestUser } from "@/lib/testing/http-client";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

let db: TestDatabase;
let adminSession: Caller;
beforeAll(async () => {
  db = await createTestDatabase();
  adminSession = await sessionOf(await makeUser("admin"));
});
afterAll(async () => db.drop());

const whoAmI = (caller: Caller) => call(me.GET, "/api/v1/me", caller);

function errorOf(res: Called): string {
  return (res.body.error as { message?: string } | undefined)?.message ?? "";
}

async function patchUser(id: string, body: unknown, caller: Caller = adminSession): Promise<number> {
  return (
    await call(userById.PATCH, `/api/v1/users/${id}`, caller, { method: "PATCH", body, params: { id } })
  ).status;
}

async function revokeToken(id: string, caller: Caller): Promise<Called> {
  return call(tokenById.DELETE, `/api/v1/tokens/${id}`, caller, { method: "DELETE", params: { id } });
}

describe("API tokens", () => {
  it("is refused on its very next request once revoked through the API", async () => {
    const u = await makeUser("viewer");
    const s = await sessionOf(u);
    const created = await call(tokens.POST, "/api/v1/tokens", s, {
      method: "POST",
      body: { name: "ci", scopes: ["events:read"], expiresInDays: 30 },
    });
    expect(created.status).toBe(201);
    const { token, info } = created.body as { token: string; info: { id: string } };
    const t: Caller = { kind: "token", token };
    expect((await whoAmI(t)).body).toMatchObject({ email: u.email, via: "token" });

    const revoked = await revokeToken(info.id, s);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ info: { id: info.id, revokedAt: expect.any(String) } });
    const next = await whoAmI(t);
    expect(next.status).toBe(401);
    expect(errorOf(next)).toBe(`API token ${token.slice(0, 8)}… was revoked`);
    const { rows } = await pool().query(
      "SELECT 1 FROM audit_log WHERE action = 'token.revoked' AND actor_id = $1",
      [u.id],
    );
    expect(rows).toHaveLength(1);
  });

  it("can be revoked by its owner or an admin, not by another person (404)", async () => {
    const owner = await makeUser("operator");
    const other = await makeUser("operator");
    const t = await apiTokenOf(owner, ["events:read"]);
    const attempt = await revokeToken(t.id, await sessionOf(other));
    expect(attempt.status).toBe(404);
    expect((await whoAmI(t.caller)).status).toBe(200);
    expect((await revokeToken(t.id, adminSession)).status).toBe(200);
    expect((await whoAmI(t.caller)).status).toBe(401);
  });

  it("is refused once its expiry has passed", async () => {
    const u = await makeUser("viewer");
    const t = await apiTokenOf(u, ["events:read"]);
    expect((await whoAmI(t.caller)).status).toBe(200);
    await pool().query("UPDATE api_tokens SET expires_at = now() - interval '1 day' WHERE id = $1", [t.id]);
    const res = await whoAmI(t.caller);
    expect(res.status).toBe(401);
    expect(errorOf(res)).toMatch(
      new RegExp(`^API token ${t.token.slice(0, 8)}… expired on \\d{4}-\\d\\d-\\d\\d$`),
    );
  });

  it("is judged alone: a bad token is refused even with a valid session cookie alongside", async () => {
    const u = await makeUser("viewer");
    const s = await sessionOf(u);
    const t = await apiTokenOf(u, ["events:read"]);
    await revokeToken(t.id, s);
    const cookie = s.kind === "session" ? s.cookie : "";
    const res = await call(me.GET, "/api/v1/me", t.caller, { headers: { cookie } });
    expect(res.status).toBe(401);
  });
});

describe("people", () => {
  async function signedIn(role: "viewer" | "admin"): Promise<{ u: TestUser; s: Caller; t: Caller }> {
    const u = await makeUser(role);
    const s = await sessionOf(u);
    const t = (await apiTokenOf(u, role === "admin" ? ["events:read", "users:manage"] : ["events:read"]))
      .caller;
    expect([(await whoAmI(s)).status, (await whoAmI(t)).status]).toEqual([200, 200]);
    return { u, s, t };
  }

  it("disabling someone ends their sessions and API tokens at once, and they cannot sign in", async () => {
    const { u, s, t } = await signedIn("viewer");
    expect(await patchUser(u.id, { disabled: true })).toBe(204);
    expect((await whoAmI(s)).status).toBe(401);
    const byToken = await whoAmI(t);
    expect(byToken.status).toBe(401);
    expect(errorOf(byToken)).toBe("the owner of this API token is disabled");
    const again = await signIn(u.email, u.password);
    expect(again).toMatchObject({ status: 403, body: { code: "ACCOUNT_DISABLED" } });
    expect(again.headers.getSetCookie()).toEqual([]);
    const { rows } = await pool().query("SELECT 1 FROM sessions WHERE user_id = $1", [u.id]);
    expect(rows).toHaveLength(0);
  });

  it("an admin signing someone out everywhere ends their sessions, not their API tokens", async () => {
    const { u, s, t } = await signedIn("viewer");
    const res = await call(userSessions.DELETE, `/api/v1/users/${u.id}/sessions`, adminSession, {
      method: "DELETE",
      params: { id: u.id },
    });
    expect(res).toMatchObject({ status: 200, body: { ended: 1 } });
    expect((await whoAmI(s)).status).toBe(401);
    expect((await whoAmI(t)).status).toBe(200);
  });

  it("a role change counts on the next request, for sessions and tokens alike", async () => {
    const { u, s } = await signedIn("viewer");
    const listUsers = (caller: Caller) => call(users.GET, "/api/v1/users", caller);
    expect((await listUsers(s)).status).toBe(403);
    expect(await patchUser(u.id, { role: "admin" })).toBe(204);
    expect((await listUsers(s)).status).toBe(200);
    expect((await whoAmI(s)).body).toMatchObject({ role: "admin" });

    // A token is never worth more than its owner's role at the time of use.
    const promoted = await apiTokenOf({ ...u, role: "admin" }, ["events:read", "users:manage"]);
    expect((await listUsers(promoted.caller)).status).toBe(200);
    expect(await patchUser(u.id, { role: "viewer" })).toBe(204);
    expect((await listUsers(s)).status).toBe(403);
    const demoted = await listUsers(promoted.caller);
    expect(demoted.status).toBe(403);
    expect(errorOf(demoted)).toMatch(/needs the "users:manage" permission/);
    expect((await whoAmI(promoted.caller)).body).toMatchObject({
      role: "viewer",
      permissions: ["events:read"],
    });
  });
});
