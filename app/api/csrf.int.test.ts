// Cross-site request forgery: a write that rides on the session cookie must come from Eventscope's
// own pages. Our routes (lib/http/same-origin.ts) and the auth library's own endpoints are each
// called from another site, with a "null" origin, with only Sec-Fetch-Site and with nothing, and
// must refuse and change nothing; an API token (no ambient credential) is not subject to it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as authRoute from "@/app/api/auth/[...all]/route";
import * as setup from "@/app/api/setup/route";
import * as settings from "@/app/api/v1/settings/access/route";
import * as tokenById from "@/app/api/v1/tokens/[id]/route";
import * as userById from "@/app/api/v1/users/[id]/route";
import * as users from "@/app/api/v1/users/route";
import * as me from "@/app/api/v1/me/route";
import { PERMISSIONS } from "@/lib/auth/permissions";
import { pool } from "@/lib/db/client";
import { setAppOrigins } from "@/lib/http/app-origins";
import type { GuardedHandler } from "@/lib/http/handler";
import { forgetAccessPolicyForTests } from "@/lib/settings/access-policy";
import { apiTokenOf, freshAddress, sessionOf, signIn } from "@/lib/testing/auth-callers";
import { call, makeUser, type CallOptions, type Caller, type TestUser } from "@/lib/testing/http-client";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { appOrigins } from "@/server/origins";

let db: TestDatabase;
let admin: TestUser;
let adminSession: Caller;
let adminToken: Caller;
beforeAll(async () => {
  db = await createTestDatabase();
  admin = await makeUser("admin");
  adminSession = await sessionOf(admin);
  adminToken = (await apiTokenOf(admin, [...PERMISSIONS])).caller;
});
afterAll(async () => db.drop());
afterEach(() => {
  setAppOrigins([]); // back to "any loopback port", as before the server listens
  forgetAccessPolicyForTests();
});

/** Everything the writes below could change, and the audit log that would record it. */
async function state(): Promise<string> {
  const q = async (sql: string) => JSON.stringify((await pool().query(sql)).rows);
  return [
    await q("SELECT email, role, disabled_at FROM users ORDER BY email"),
    await q("SELECT key, value FROM app_settings WHERE key = 'access_policy'"),
    await q("SELECT id, revoked_at FROM api_tokens ORDER BY id"),
    await q("SELECT count(*) FROM audit_log"),
  ].join("\n");
}

type Write = { name: string; handler: GuardedHandler; path: string; opts: CallOptions };

/** One state-changing call per method, each of which would leave a trace in state(). */
async function writes(): Promise<Write[]> {
  const target = await makeUser("viewer");
  const token = await apiTokenOf(target, ["events:read"]);
  return [
    {
      name: "POST invite",
      handler: users.POST,
      path: "/api/v1/users",
      opts: { method: "POST", body: { email: `new-${target.id}@example.com`, name: "New", role: "admin" } },
    },
    {
      name: "PUT access policy",
      handler: settings.PUT,
      path: "/api/v1/settings/access",
      opts: { method: "PUT", body: { restrictPayloads: true } },
    },
    {
      name: "PATCH role",
      handler: userById.PATCH,
      path: `/api/v1/users/${target.id}`,
      opts: { method: "PATCH", body: { role: "admin" }, params: { id: target.id } },
    },
    {
      name: "DELETE token",
      handler: tokenById.DELETE,
      path: `/api/v1/tokens/${token.id}`,
      opts: { method: "DELETE", params: { id: token.id } },
    },
  ];
}

const CROSS_SITE: { name: string; opts: CallOptions }[] = [
  { name: "Origin https://evil.example", opts: { origin: "https://evil.example" } },
  { name: 'Origin "null"', opts: { origin: "null" } },
  {
    name: "Sec-Fetch-Site: cross-site, no Origin",
    opts: { origin: null, headers: { "sec-fetch-site": "cross-site" } },
  },
  { name: "no Origin at all", opts: { origin: null } },
  { name: "a look-alike origin", opts: { origin: "http://127.0.0.1:3000.evil.example" } },
];

describe("cookie-authenticated writes to our routes", () => {
  it.each(CROSS_SITE)("are refused 403 with $name, and change nothing", async ({ opts }) => {
    for (const w of await writes()) {
      const snapshot = await state();
      const res = await call(w.handler, w.path, adminSession, { ...w.opts, ...opts });
      expect(res.status, w.name).toBe(403);
      expect(res.body, w.name).toMatchObject({
        error: { code: "forbidden", message: expect.stringMatching(/^cross-site request refused/) },
      });
      expect(await state(), w.name).toBe(snapshot);
    }
  });

  it("are refused from another app on this machine once the server knows its own port", async () => {
    setAppOrigins(appOrigins("127.0.0.1", 3000));
    const [invite] = await writes();
    const snapshot = await state();
    // Same site as the app for the browser (SameSite=Lax cookies go along), but another origin.
    const res = await call(invite!.handler, invite!.path, adminSession, {
      ...invite!.opts,
      origin: "http://localhost:4000",
    });
    expect(res.status).toBe(403);
    expect(await state()).toBe(snapshot);
    const ok = await call(invite!.handler, invite!.path, adminSession, {
      ...invite!.opts,
      origin: "http://localhost:3000",
    });
    expect(ok.status).toBe(201);
  });

  it("pass from the app's own origin, or with Sec-Fetch-Site: same-origin and no Origin", async () => {
    const sameOrigin: CallOptions[] = [{}, { origin: null, headers: { "sec-fetch-site": "same-origin" } }];
    for (const opts of sameOrigin) {
      for (const w of await writes()) {
        const snapshot = await state();
        const res = await call(w.handler, w.path, adminSession, { ...w.opts, ...opts });
        expect(res.status, w.name).toBeLessThan(300);
        expect(await state(), w.name).not.toBe(snapshot);
      }
      forgetAccessPolicyForTests();
      await pool().query("DELETE FROM app_settings WHERE key = 'access_policy'");
    }
  });

  it("are not subject to the check with an API token, which carries no ambient credential", async () => {
    for (const { name, opts } of CROSS_SITE) {
      for (const w of await writes()) {
        const snapshot = await state();
        const res = await call(w.handler, w.path, adminToken, { ...w.opts, ...opts });
        expect(res.status, `${name}: ${w.name}`).toBeLessThan(300);
        expect(await state(), `${name}: ${w.name}`).not.toBe(snapshot);
      }
      await pool().query("DELETE FROM app_settings WHERE key = 'access_policy'");
    }
  });

  it("do not apply to reads: a GET from another site is answered (it changes nothing)", async () => {
    const res = await call(me.GET, "/api/v1/me", adminSession, {
      headers: { origin: "https://evil.example" },
    });
    expect(res.status).toBe(200);
  });
});

describe("the auth library's own endpoints", () => {
  const evil: CallOptions = { method: "POST", origin: "https://evil.example" };

  it("refuse sign-out with the session cookie from another site, and the session lives on", async () => {
    const u = await makeUser("viewer");
    const s = await sessionOf(u);
    const res = await call(authRoute.POST, "/api/auth/sign-out", s, { ...evil, body: {} });
    expect(res).toMatchObject({ status: 403, body: { code: "INVALID_ORIGIN" } });
    expect((await call(me.GET, "/api/v1/me", s)).status).toBe(200);
  });

  it("refuse a password change from another site, and the old password still works", async () => {
    const u = await makeUser("viewer");
    const s = await sessionOf(u);
    const res = await call(authRoute.POST, "/api/auth/change-password", s, {
      ...evil,
      body: { currentPassword: u.password, newPassword: "chosen-by-the-attacker", revokeOtherSessions: true },
    });
    expect(res).toMatchObject({ status: 403, body: { code: "INVALID_ORIGIN" } });
    expect((await call(me.GET, "/api/v1/me", s)).status).toBe(200);
    expect((await signIn(u.email, u.password)).status).toBe(200);
    expect((await signIn(u.email, "chosen-by-the-attacker")).status).toBe(401);
  });

  it("refuse sign-out everywhere with a null or missing Origin", async () => {
    const u = await makeUser("viewer");
    const s = await sessionOf(u);
    for (const origin of ["null", null]) {
      const res = await call(authRoute.POST, "/api/auth/revoke-sessions", s, {
        method: "POST",
        body: {},
        origin,
      });
      expect(res).toMatchObject({ status: 403, body: { code: "MISSING_OR_NULL_ORIGIN" } });
    }
    expect((await call(me.GET, "/api/v1/me", s)).status).toBe(200);
  });

  it("refuse a sign-in posted from another site (login CSRF), creating no session", async () => {
    const u = await makeUser("viewer");
    const res = await call(
      authRoute.POST,
      "/api/auth/sign-in/email",
      { kind: "anonymous" },
      { ...evil, body: { email: u.email, password: u.password }, address: freshAddress() },
    );
    expect(res).toMatchObject({ status: 403, body: { code: "INVALID_ORIGIN" } });
    expect(res.headers.getSetCookie()).toEqual([]);
    const { rows } = await pool().query("SELECT 1 FROM sessions WHERE user_id = $1", [u.id]);
    expect(rows).toHaveLength(0);
  });
});

describe("public writes (first-run setup, invitations)", () => {
  it("are refused from another site's page, so nobody can claim a fresh instance from afar", async () => {
    await pool().query("UPDATE users SET role = 'viewer' WHERE role = 'admin'"); // as on a fresh instance
    const { forgetAdminExistsForTests } = await import("@/lib/users/admins");
    forgetAdminExistsForTests();
    try {
      const body = { name: "Mallory", email: "mallory@example.com", password: "a-long-enough-password" };
      const res = await call(
        setup.POST,
        "/api/setup",
        { kind: "anonymous" },
        { method: "POST", origin: "https://evil.example", body },
      );
      expect(res).toMatchObject({
        status: 403,
        body: { error: { message: expect.stringMatching(/^cross-site request refused/) } },
      });
      const { rows } = await pool().query("SELECT 1 FROM users WHERE email = 'mallory@example.com'");
      expect(rows).toHaveLength(0);
      // A script or the setup page itself (no Origin, or our own) is let through.
      const ok = await call(
        setup.POST,
        "/api/setup",
        { kind: "anonymous" },
        { method: "POST", origin: null, body },
      );
      expect(ok.status).toBe(201);
    } finally {
      await pool().query("UPDATE users SET role = 'admin' WHERE id = $1", [admin.id]);
    }
  });
});
