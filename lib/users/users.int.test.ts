// People through the real routes on real Postgres: the one-time first-run setup (also when two
// browsers race), invitation links (single use, expiring, renewed, doubling as password resets),
// and the rule that the last active admin can be neither demoted nor disabled. Each write is
// checked for its audit row.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as accept from "@/app/api/invites/accept/route";
import * as setup from "@/app/api/setup/route";
import * as me from "@/app/api/v1/me/route";
import * as invite from "@/app/api/v1/users/[id]/invite/route";
import * as userById from "@/app/api/v1/users/[id]/route";
import * as users from "@/app/api/v1/users/route";
import { pool } from "@/lib/db/client";
import { forgetAdminExistsForTests } from "@/lib/users/admins";
import { freshAddress, sessionOf, signIn } from "@/lib/testing/auth-callers";
import { call, cookieFrom, makeUser, type Called, type Caller } from "@/lib/testing/http-client";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  forgetAdminExistsForTests();
});
afterAll(async () => {
  forgetAdminExistsForTests();
  await db.drop();
});

type AuditRow = { action: string; actorId: string | null; details: Record<string, unknown> | null };

async function auditOf(userId: string): Promise<AuditRow[]> {
  const { rows } = await pool().query<AuditRow>(
    `SELECT action, actor_id AS "actorId", details FROM audit_log WHERE target = $1 ORDER BY id`,
    [`user:${userId}`],
  );
  return rows;
}

function errorOf(res: Called): string {
  return (res.body.error as { message?: string } | undefined)?.message ?? "";
}

const asSession = (res: Called): Caller => ({ kind: "session", cookie: cookieFrom(res.headers) });
const password = (n: number) => `long-enough-password-${n}`;

describe("first-run setup", () => {
  const setUp = (email: string) =>
    call(
      setup.POST,
      "/api/setup",
      { kind: "anonymous" },
      {
        method: "POST",
        body: { email, name: "First", password: password(1) },
        address: freshAddress(),
      },
    );

  it("makes exactly one admin when two setups race, signs them in, then answers 409", async () => {
    const { rows: none } = await pool().query("SELECT 1 FROM users");
    expect(none).toHaveLength(0);
    const results = await Promise.all([setUp("first-a@example.com"), setUp("first-b@example.com")]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const won = results.find((r) => r.status === 201)!;
    const lost = results.find((r) => r.status === 409)!;
    expect(errorOf(lost)).toMatch(/already set up/);
    expect(lost.headers.getSetCookie()).toEqual([]);

    const { rows } = await pool().query<{ id: string; email: string; role: string }>(
      "SELECT id, email, role FROM users",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ role: "admin", id: won.body.userId });
    expect((await call(me.GET, "/api/v1/me", asSession(won))).body).toMatchObject({
      email: rows[0]!.email,
      role: "admin",
    });

    const later = await setUp("first-c@example.com");
    expect(later.status).toBe(409);
    expect(errorOf(later)).toMatch(/already set up/);
    expect((await pool().query("SELECT 1 FROM users")).rowCount).toBe(1);
    const audit = await auditOf(rows[0]!.id);
    expect(audit.map((a) => a.action)).toEqual(["auth.setup"]);
    expect(audit[0]!.details).toMatchObject({ email: rows[0]!.email, via: "setup page" });
  });
});

describe("invitations", () => {
  let admin: { id: string; caller: Caller };
  beforeAll(async () => {
    const u = await makeUser("admin");
    admin = { id: u.id, caller: await sessionOf(u) };
  });

  async function inviteSomeone(role = "operator"): Promise<{ userId: string; email: string; token: string }> {
    const email = `invitee-${freshAddress().replaceAll(".", "-")}@example.com`;
    const res = await call(users.POST, "/api/v1/users", admin.caller, {
      method: "POST",
      body: { email, name: "Invitee", role },
    });
    expect(res.status).toBe(201);
    const { userId, path } = res.body.invitation as { userId: string; path: string };
    return { userId, email, token: path.replace(/^\/invite\//, "") };
  }

  async function renew(userId: string): Promise<string> {
    const res = await call(invite.POST, `/api/v1/users/${userId}/invite`, admin.caller, {
      method: "POST",
      params: { id: userId },
    });
    expect(res.status).toBe(201);
    return (res.body.invitation as { path: string }).path.replace(/^\/invite\//, "");
  }

  const acceptWith = (token: string, pw: string) =>
    call(
      accept.POST,
      "/api/invites/accept",
      { kind: "anonymous" },
      {
        method: "POST",
        body: { token, password: pw },
        address: freshAddress(),
      },
    );

  it("lets the invitee choose a password and sign in, and the link works once", async () => {
    const inv = await inviteSomeone("operator");
    expect((await signIn(inv.email, password(2))).status).toBe(401);

    const accepted = await acceptWith(inv.token, password(2));
    expect(accepted).toMatchObject({ status: 200, body: { email: inv.email } });
    expect((await call(me.GET, "/api/v1/me", asSession(accepted))).body).toMatchObject({
      email: inv.email,
      role: "operator",
    });
    expect((await signIn(inv.email, password(2))).status).toBe(200);

    const again = await acceptWith(inv.token, password(3));
    expect(again.status).toBe(404);
    expect(errorOf(again)).toMatch(/not valid any more/);
    expect((await signIn(inv.email, password(3))).status).toBe(401);

    const audit = await auditOf(inv.userId);
    expect(audit.map((a) => a.action)).toEqual(["user.invited", "user.invite_accepted"]);
    expect(audit[0]).toMatchObject({ actorId: admin.id, details: { email: inv.email, role: "operator" } });
    expect(audit[1]).toMatchObject({ actorId: inv.userId, details: { reset: false } });
  });

  it("refuses a link past its expiry", async () => {
    const inv = await inviteSomeone();
    await pool().query(
      "UPDATE verifications SET expires_at = now() - interval '1 second' WHERE identifier = $1",
      [`invite:${inv.userId}`],
    );
    expect((await acceptWith(inv.token, password(4))).status).toBe(404);
    const { rows } = await pool().query("SELECT 1 FROM accounts WHERE user_id = $1", [inv.userId]);
    expect(rows).toHaveLength(0);
  });

  it("voids the older link when a new one is issued", async () => {
    const inv = await inviteSomeone();
    const renewed = await renew(inv.userId);
    expect((await acceptWith(inv.token, password(5))).status).toBe(404);
    expect((await acceptWith(renewed, password(5))).status).toBe(200);
    expect((await auditOf(inv.userId)).map((a) => a.action)).toEqual([
      "user.invited",
      "user.invite_renewed",
      "user.invite_accepted",
    ]);
  });

  it("as a reset for someone with a password: sets the new one and ends their sessions", async () => {
    const u = await makeUser("viewer");
    const before = await sessionOf(u);
    const token = await renew(u.id);
    expect((await call(me.GET, "/api/v1/me", before)).status).toBe(200); // issuing alone ends nothing
    const accepted = await acceptWith(token, password(6));
    expect(accepted.status).toBe(200);
    expect((await call(me.GET, "/api/v1/me", before)).status).toBe(401);
    expect((await call(me.GET, "/api/v1/me", asSession(accepted))).status).toBe(200);
    expect((await signIn(u.email, u.password)).status).toBe(401);
    expect((await signIn(u.email, password(6))).status).toBe(200);
    const audit = await auditOf(u.id);
    expect(audit.map((a) => a.action)).toEqual(["user.invite_renewed", "user.invite_accepted"]);
    expect(audit[1]!.details).toEqual({ reset: true });
  });

  it("signs in someone locked out by failed guesses once they set a password with a reset link", async () => {
    const u = await makeUser("viewer");
    let locked: Called | undefined;
    for (let i = 0; i < 50 && locked?.status !== 429; i++) locked = await signIn(u.email, "a-wrong-guess");
    expect(locked?.status).toBe(429);
    const accepted = await acceptWith(await renew(u.id), password(8));
    expect(accepted.status).toBe(200);
    expect((await call(me.GET, "/api/v1/me", asSession(accepted))).status).toBe(200);
    expect((await signIn(u.email, password(8))).status).toBe(200);
  });

  it("refuses the link of someone disabled meanwhile, and a second account for one email", async () => {
    const inv = await inviteSomeone();
    const off = await call(userById.PATCH, `/api/v1/users/${inv.userId}`, admin.caller, {
      method: "PATCH",
      body: { disabled: true },
      params: { id: inv.userId },
    });
    expect(off.status).toBe(204);
    expect((await acceptWith(inv.token, password(7))).status).toBe(404);
    const twice = await call(users.POST, "/api/v1/users", admin.caller, {
      method: "POST",
      body: { email: inv.email, name: "Again", role: "admin" },
    });
    expect(twice.status).toBe(409);
    expect((await auditOf(inv.userId)).map((a) => a.action)).toEqual(["user.invited", "user.disabled"]);
  });
});

describe("the last active admin", () => {
  const patch = (caller: Caller, id: string, body: unknown) =>
    call(userById.PATCH, `/api/v1/users/${id}`, caller, { method: "PATCH", body, params: { id } });

  /** Leaves `keep` as the only active admins (others are disabled straight in the database). */
  async function onlyAdmins(...keep: string[]): Promise<void> {
    await pool().query(
      "UPDATE users SET disabled_at = now() WHERE role = 'admin' AND NOT (id = ANY($1::uuid[]))",
      [keep],
    );
  }

  it("can be neither demoted nor disabled (409) until someone else is an admin", async () => {
    const a = await makeUser("admin");
    const b = await makeUser("viewer");
    await onlyAdmins(a.id);
    const s = await sessionOf(a);
    for (const body of [{ role: "operator" }, { disabled: true }, { role: "viewer", disabled: true }]) {
      const res = await patch(s, a.id, body);
      expect(res.status).toBe(409);
      expect(errorOf(res)).toMatch(/last active admin/);
    }
    const { rows } = await pool().query("SELECT role, disabled_at FROM users WHERE id = $1", [a.id]);
    expect(rows).toEqual([{ role: "admin", disabled_at: null }]);
    expect(await auditOf(a.id)).toEqual([]);

    expect((await patch(s, b.id, { role: "admin" })).status).toBe(204);
    expect((await patch(s, a.id, { role: "viewer" })).status).toBe(204);
    expect((await call(users.GET, "/api/v1/users", s)).status).toBe(403);
    expect(await auditOf(b.id)).toMatchObject([
      { action: "user.role_changed", actorId: a.id, details: { from: "viewer", to: "admin" } },
    ]);
    expect(await auditOf(a.id)).toMatchObject([
      { action: "user.role_changed", actorId: a.id, details: { from: "admin", to: "viewer" } },
    ]);
  });

  it("survives two admins demoting each other at the same moment", async () => {
    const a = await makeUser("admin");
    const b = await makeUser("admin");
    await onlyAdmins(a.id, b.id);
    const [sa, sb] = [await sessionOf(a), await sessionOf(b)];
    const results = await Promise.all([
      patch(sa, b.id, { role: "viewer" }),
      patch(sb, a.id, { role: "viewer" }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    // The loser is refused as the last admin (409), or already as a viewer (403).
    expect(statuses[0]).toBe(204);
    expect([403, 409]).toContain(statuses[1]);
    const { rows } = await pool().query(
      "SELECT id FROM users WHERE role = 'admin' AND disabled_at IS NULL AND id = ANY($1::uuid[])",
      [[a.id, b.id]],
    );
    expect(rows).toHaveLength(1);
  });
});
