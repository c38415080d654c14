// Sign-in through the real auth endpoints on real Postgres: cookies and their flags, hashed session
// tokens, session fixation, sign-out (here and everywhere), password change, disabled people, and
// what the library's switched-off endpoints answer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as authRoute from "@/app/api/auth/[...all]/route";
import * as me from "@/app/api/v1/me/route";
import { resetAuthForTests } from "@/lib/auth/auth";
import { hashToken } from "@/lib/auth/token-format";
import { resetEnvForTests } from "@/lib/env";
import { pool } from "@/lib/db/client";
import { sessionOf, signIn } from "@/lib/testing/auth-callers";
import { call, cookieFrom, makeUser, type Caller } from "@/lib/testing/http-client";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

async function whoAmI(caller: Caller): Promise<number> {
  return (await call(me.GET, "/api/v1/me", caller)).status;
}

describe("sign-in", () => {
  it("sets an httpOnly SameSite=Lax session cookie and stores only the token's hash", async () => {
    const u = await makeUser("viewer");
    const res = await signIn(u.email, u.password);
    expect(res.status).toBe(200);
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith("eventscope.session_token="));
    expect(setCookie).toBeDefined();
    expect(setCookie).toMatch(/; HttpOnly/i);
    expect(setCookie).toMatch(/; SameSite=Lax/i);
    expect(setCookie).toMatch(/; Path=\//i);
    const token = decodeURIComponent(setCookie!.split(";")[0]!.split("=")[1]!).split(".")[0]!;
    const { rows } = await pool().query<{ token: string }>("SELECT token FROM sessions WHERE user_id = $1", [
      u.id,
    ]);
    expect(rows).toEqual([{ token: hashToken(token) }]);
    // The token lives in the httpOnly cookie only: no JSON answer hands it to page scripts.
    expect(res.body.token).toBeNull();
    const caller: Caller = { kind: "session", cookie: cookieFrom(res.headers) };
    const current = await call(authRoute.GET, "/api/auth/get-session", caller);
    expect(current.status).toBe(200);
    expect(current.body.session).toBeDefined();
    expect(JSON.stringify(current.body)).not.toContain(token);
    expect((current.body.session as Record<string, unknown>).token).toBeUndefined();
    const who = await call(me.GET, "/api/v1/me", caller);
    expect(who.status).toBe(200);
    expect(who.body).toMatchObject({
      email: u.email,
      role: "viewer",
      via: "session",
      permissions: ["events:read", "payloads:read"],
    });
  });

  it("marks the cookie Secure (and __Secure- prefixed) when the app is served over https", async () => {
    process.env.PUBLIC_URL = "https://eventscope.example.com";
    resetEnvForTests();
    resetAuthForTests();
    try {
      const u = await makeUser("viewer");
      const res = await signIn(u.email, u.password);
      expect(res.status).toBe(200);
      const setCookie = res.headers.getSetCookie().find((c) => c.includes("eventscope.session_token="));
      expect(setCookie).toMatch(/^__Secure-eventscope\.session_token=/);
      expect(setCookie).toMatch(/; Secure/i);
      expect(setCookie).toMatch(/; HttpOnly/i);
    } finally {
      delete process.env.PUBLIC_URL;
      resetEnvForTests();
      resetAuthForTests();
    }
  });

  it("refuses a wrong password or an unknown email with the same answer", async () => {
    const u = await makeUser("viewer");
    const wrong = await signIn(u.email, "not-the-password-at-all");
    const unknown = await signIn("nobody@example.com", "not-the-password-at-all");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(
      wrong.headers
        .getSetCookie()
        .some((c) => c.startsWith("eventscope.session_token=") && !c.includes("Max-Age=0")),
    ).toBe(false);
  });

  it("never adopts a session id the browser brought along (session fixation)", async () => {
    const u = await makeUser("operator");
    const planted = "eventscope.session_token=attacker-chosen-value";
    const res = await signIn(u.email, u.password, { cookie: planted });
    const issued = cookieFrom(res.headers);
    expect(issued).toMatch(/^eventscope\.session_token=/);
    expect(issued).not.toContain("attacker-chosen-value");
    expect(await whoAmI({ kind: "session", cookie: planted })).toBe(401);
  });

  it("signs out this browser, and everywhere", async () => {
    const u = await makeUser("viewer");
    const a = await sessionOf(u);
    const b = await sessionOf(u);
    const c = await sessionOf(u);
    expect(await call(authRoute.POST, "/api/auth/sign-out", a, { method: "POST", body: {} })).toMatchObject({
      status: 200,
    });
    expect([await whoAmI(a), await whoAmI(b)]).toEqual([401, 200]);
    expect(
      await call(authRoute.POST, "/api/auth/revoke-sessions", b, { method: "POST", body: {} }),
    ).toMatchObject({ status: 200 });
    expect([await whoAmI(b), await whoAmI(c)]).toEqual([401, 401]);
    const { rows } = await pool().query("SELECT 1 FROM sessions WHERE user_id = $1", [u.id]);
    expect(rows).toHaveLength(0);
  });

  it("changes the password, ending the other sessions, and the old password stops working", async () => {
    const u = await makeUser("viewer");
    const here = await sessionOf(u);
    const elsewhere = await sessionOf(u);
    const newPassword = "a-brand-new-long-password";
    const res = await call(authRoute.POST, "/api/auth/change-password", here, {
      method: "POST",
      body: { currentPassword: u.password, newPassword, revokeOtherSessions: true },
    });
    expect(res.status).toBe(200);
    expect(await whoAmI(elsewhere)).toBe(401);
    expect((await signIn(u.email, u.password)).status).toBe(401);
    expect((await signIn(u.email, newPassword)).status).toBe(200);
  });

  it("keeps the endpoints Eventscope does not offer switched off", async () => {
    const v = await makeUser("viewer");
    const viewer = await sessionOf(v);
    const signUp = await call(
      authRoute.POST,
      "/api/auth/sign-up/email",
      { kind: "anonymous" },
      {
        method: "POST",
        body: { email: "new@example.com", password: "long-enough-password", name: "New" },
      },
    );
    expect(signUp.status).toBe(404);
    const escalate = await call(authRoute.POST, "/api/auth/update-user", viewer, {
      method: "POST",
      body: { role: "admin" },
    });
    expect(escalate.status).toBe(404);
    const { rows } = await pool().query("SELECT role FROM users WHERE id = $1", [v.id]);
    expect(rows).toEqual([{ role: "viewer" }]);
    expect((await pool().query("SELECT 1 FROM users WHERE email = 'new@example.com'")).rowCount).toBe(0);
  });
});
