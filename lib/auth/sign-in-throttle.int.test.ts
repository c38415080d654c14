// Brute force against the real sign-in endpoint: the per-email lockout (lib/auth/sign-in-throttle.ts)
// after SIGN_IN_MAX_FAILURES failures from anywhere, and the auth library's per-address rate limit
// of SIGN_IN_RATE_LIMIT attempts a minute, whatever the email. Limits are lowered to 3 here.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { resetAuthForTests } from "@/lib/auth/auth";
import { resetSignInThrottleForTests } from "@/lib/auth/sign-in-throttle";
import { pool } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { freshAddress, signIn } from "@/lib/testing/auth-callers";
import { makeUser } from "@/lib/testing/http-client";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

const LIMITS = { SIGN_IN_MAX_FAILURES: "3", SIGN_IN_RATE_LIMIT: "3" };
const saved = Object.fromEntries(Object.keys(LIMITS).map((k) => [k, process.env[k]]));

function rebuild(): void {
  resetEnvForTests();
  resetAuthForTests();
  resetSignInThrottleForTests();
}

let db: TestDatabase;
beforeAll(async () => {
  Object.assign(process.env, LIMITS);
  rebuild();
  db = await createTestDatabase();
});
afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  rebuild();
  await db.drop();
});
// The lockout is reset between tests. The library's per-address counters live inside its module
// and cannot be: every test signs in from addresses no other test uses (freshAddress).
beforeEach(() => resetSignInThrottleForTests());

async function audit(action: string, label: string): Promise<{ ip: string | null }[]> {
  const { rows } = await pool().query<{ ip: string | null }>(
    "SELECT ip FROM audit_log WHERE action = $1 AND actor_label = $2 ORDER BY id",
    [action, label],
  );
  return rows;
}

describe("per-email lockout", () => {
  it("refuses even the right password after 3 failures from different addresses", async () => {
    const u = await makeUser("viewer");
    const addresses = [freshAddress(), freshAddress(), freshAddress()];
    for (const address of addresses)
      expect((await signIn(u.email, "a-wrong-password-guess", { address })).status).toBe(401);

    const locked = await signIn(u.email, u.password);
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({
      code: "SIGN_IN_LOCKED",
      message: expect.stringMatching(/^Too many failed sign-ins for this email/),
    });
    const retryAfter = Number(locked.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(locked.headers.getSetCookie()).toEqual([]);
    // The same email in other letters is the same account.
    expect((await signIn(u.email.toUpperCase(), u.password)).status).toBe(429);

    expect((await audit("auth.sign_in_failed", u.email)).map((r) => r.ip)).toEqual(addresses);
    expect(await audit("auth.sign_in_locked", u.email)).toHaveLength(2);
    expect(await audit("auth.sign_in", u.email)).toHaveLength(0);
    const { rows } = await pool().query("SELECT 1 FROM sessions WHERE user_id = $1", [u.id]);
    expect(rows).toHaveLength(0);
  });

  it("leaves other emails alone", async () => {
    const target = await makeUser("admin");
    const bystander = await makeUser("viewer");
    for (let i = 0; i < 3; i++) await signIn(target.email, "a-wrong-password-guess");
    expect((await signIn(target.email, target.password)).status).toBe(429);
    expect((await signIn(bystander.email, bystander.password)).status).toBe(200);
  });

  it("answers an unknown email exactly as a known one (no way to tell accounts apart)", async () => {
    // The clock stands still, so both lockouts show the same seconds left: on a loaded machine the
    // six sign-ins between the two windows' starts can take longer than a second.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    try {
      const known = await makeUser("viewer");
      const unknown = "nobody-here@example.com";
      for (const email of [known.email, unknown])
        for (let i = 0; i < 3; i++) expect((await signIn(email, "a-wrong-password-guess")).status).toBe(401);
      const a = await signIn(known.email, "a-wrong-password-guess");
      const b = await signIn(unknown, "a-wrong-password-guess");
      expect([a.status, b.status]).toEqual([429, 429]);
      expect(a.body).toEqual(b.body);
      expect(a.headers.get("retry-after")).toBe(b.headers.get("retry-after"));
    } finally {
      vi.useRealTimers();
    }
  });

  it("starts counting again after a successful sign-in", async () => {
    const u = await makeUser("viewer");
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 2; i++) await signIn(u.email, "a-wrong-password-guess");
      expect((await signIn(u.email, u.password)).status).toBe(200);
    }
    expect(await audit("auth.sign_in_failed", u.email)).toHaveLength(6);
    expect(await audit("auth.sign_in_locked", u.email)).toHaveLength(0);
  });
});

describe("per-address rate limit", () => {
  it("answers the 4th attempt from one address within the minute 429, whatever the email", async () => {
    const address = freshAddress();
    const a = await makeUser("viewer");
    const b = await makeUser("viewer");
    expect((await signIn(a.email, "a-wrong-password-guess", { address })).status).toBe(401);
    expect((await signIn(b.email, "a-wrong-password-guess", { address })).status).toBe(401);
    expect((await signIn("someone@example.com", "whatever-it-is", { address })).status).toBe(401);

    const fourth = await signIn(b.email, b.password, { address });
    expect(fourth.status).toBe(429);
    expect(fourth.body).toMatchObject({ message: expect.stringMatching(/too many requests/i) });
    expect(Number(fourth.headers.get("x-retry-after"))).toBeGreaterThan(0);
    expect(fourth.headers.getSetCookie()).toEqual([]);
    // The address is limited, not the accounts: from elsewhere both still sign in.
    expect((await signIn(a.email, a.password)).status).toBe(200);
    expect((await signIn(b.email, b.password)).status).toBe(200);
  });
});
