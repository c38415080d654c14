// SSO sign-in end to end: a real OpenID Connect provider on loopback (lib/testing/oidc-server.ts),
// the app's own auth route handlers and real Postgres. The browser's part — following redirects
// and keeping the app's and the provider's cookies apart — is played with plain fetch.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as authRoute from "@/app/api/auth/[...all]/route";
import * as me from "@/app/api/v1/me/route";
import { OIDC_PROVIDER_ID, resetAuthForTests } from "@/lib/auth/auth";
import { pool } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { call, makeUser, TEST_ORIGIN, type Called, type Caller } from "@/lib/testing/http-client";
import { startOidcServer, type OidcServer } from "@/lib/testing/oidc-server";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { inviteUser } from "@/lib/users/invitations";

/** Where better-auth sends the provider back to (registered with the provider like an admin would). */
const REDIRECT_URI = `${TEST_ORIGIN}/api/auth/callback/${OIDC_PROVIDER_ID}`;
/** As the sign-in form asks (components/sign-in/sign-in-form.tsx): the page the person wanted, or
 * back to the sign-in page with an error flag. */
const CALLBACK_URL = "/events";
const ERROR_CALLBACK_URL = "/sign-in?sso-error=1";
const ENV_KEYS = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_DEFAULT_ROLE"] as const;

let db: TestDatabase;
let idp: OidcServer;
const savedEnv = new Map<string, string | undefined>();

function useOidc(defaultRole: "viewer" | "operator" | "none"): void {
  process.env.OIDC_ISSUER = idp.issuer;
  process.env.OIDC_CLIENT_ID = idp.clientId;
  process.env.OIDC_CLIENT_SECRET = idp.clientSecret;
  process.env.OIDC_DEFAULT_ROLE = defaultRole;
  resetEnvForTests();
  resetAuthForTests();
}

beforeAll(async () => {
  for (const k of ENV_KEYS) savedEnv.set(k, process.env[k]);
  db = await createTestDatabase();
  idp = await startOidcServer({ redirectUri: REDIRECT_URI });
});
afterAll(async () => {
  for (const [k, v] of savedEnv) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvForTests();
  resetAuthForTests();
  await idp?.close();
  await db?.drop();
});

// --- a browser: one cookie jar per site, as a browser keeps them -------------------------------

type Jar = Map<string, string>;
type Browser = { app: Jar; idp: Jar; address: string };

let browsers = 0;
/** Each browser signs in from its own address: the per-address sign-in rate limit is not under test. */
function newBrowser(): Browser {
  browsers++;
  return { app: new Map(), idp: new Map(), address: `10.9.${browsers >> 8}.${browsers & 255}` };
}

function remember(jar: Jar, headers: Headers): void {
  for (const line of headers.getSetCookie()) {
    const [pair = "", ...attributes] = line.split(";");
    const eq = pair.indexOf("=");
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const expired = attributes.some((a) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(a));
    if (value === "" || expired) jar.delete(name);
    else jar.set(name, value);
  }
}

function cookieHeader(jar: Jar): string {
  return [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
}

function asCaller(b: Browser): Caller {
  return b.app.size ? { kind: "session", cookie: cookieHeader(b.app) } : { kind: "anonymous" };
}

/** Clicks "Sign in with SSO": our endpoint answers with the provider's authorization URL. */
async function startSignIn(b: Browser): Promise<URL> {
  const res = await call(authRoute.POST, "/api/auth/sign-in/oauth2", asCaller(b), {
    method: "POST",
    body: { providerId: OIDC_PROVIDER_ID, callbackURL: CALLBACK_URL, errorCallbackURL: ERROR_CALLBACK_URL },
    address: b.address,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  remember(b.app, res.headers);
  expect(typeof res.body.url).toBe("string");
  return new URL(String(res.body.url));
}

/**
 * Follows the provider's redirects, logging in as `email` and consenting when it asks, until it
 * sends the browser back to the app; returns that URL and the prompts that were answered.
 */
async function throughProvider(b: Browser, start: URL, email: string) {
  const prompts: string[] = [];
  let at = start;
  for (let hop = 0; hop < 10; hop++) {
    if (at.origin === TEST_ORIGIN) return { back: at, prompts };
    expect(at.origin).toBe(idp.issuer);
    let res = await fetch(at, { redirect: "manual", headers: { cookie: cookieHeader(b.idp) } });
    remember(b.idp, res.headers);
    if (res.status === 200 && at.pathname.startsWith("/interaction/")) {
      const { prompt } = (await res.json()) as { prompt: string };
      prompts.push(prompt);
      res = await fetch(at, {
        method: "POST",
        redirect: "manual",
        headers: { cookie: cookieHeader(b.idp), "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(prompt === "login" ? { login: email } : { consent: "yes" }),
      });
      remember(b.idp, res.headers);
    }
    const location = res.headers.get("location");
    if (res.status < 300 || res.status > 399 || !location)
      throw new Error(`the provider answered ${res.status} at ${at.pathname}: ${await res.text()}`);
    at = new URL(location, at);
  }
  throw new Error("the provider kept redirecting");
}

/** The provider's redirect back, delivered to our callback handler with the browser's cookies. */
async function callback(b: Browser, back: URL): Promise<Called & { location: URL }> {
  const res = await call(authRoute.GET, back.pathname + back.search, asCaller(b), { address: b.address });
  expect(res.status, JSON.stringify(res.body)).toBe(302);
  remember(b.app, res.headers);
  return { ...res, location: new URL(res.headers.get("location") ?? "", TEST_ORIGIN) };
}

async function ssoSignIn(email: string) {
  const b = newBrowser();
  const { back, prompts } = await throughProvider(b, await startSignIn(b), email);
  const done = await callback(b, back);
  return { browser: b, prompts, location: done.location, setCookie: done.headers.getSetCookie() };
}

async function whoAmI(b: Browser): Promise<Called> {
  return call(me.GET, "/api/v1/me", asCaller(b));
}

function issuedSession(setCookie: string[]): boolean {
  return setCookie.some((c) => /^eventscope\.session_token=[^;]/.test(c));
}

async function usersWithEmail(email: string): Promise<{ id: string; role: string }[]> {
  const { rows } = await pool().query<{ id: string; role: string }>(
    "SELECT id, role FROM users WHERE email = $1",
    [email],
  );
  return rows;
}

async function accountsOf(userId: string): Promise<{ provider_id: string; account_id: string }[]> {
  const { rows } = await pool().query<{ provider_id: string; account_id: string }>(
    "SELECT provider_id, account_id FROM accounts WHERE user_id = $1 ORDER BY provider_id",
    [userId],
  );
  return rows;
}

async function signInsAudited(userId: string): Promise<unknown[]> {
  const { rows } = await pool().query<{ details: unknown }>(
    "SELECT details FROM audit_log WHERE action = 'auth.sign_in' AND actor_id = $1 ORDER BY id",
    [userId],
  );
  return rows.map((r) => r.details);
}

async function sessionCount(): Promise<number> {
  const { rows } = await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM sessions");
  return rows[0]!.n;
}

let people = 0;
function newEmail(label: string): string {
  return `${label}-${++people}@example.com`;
}

// --- the tests -----------------------------------------------------------------------------------

describe("SSO sign-in with OIDC_DEFAULT_ROLE=viewer", () => {
  beforeAll(() => useOidc("viewer"));

  it("signs a new person in through the provider as a viewer, and audits the sign-in", async () => {
    const email = newEmail("newcomer");
    const { browser, prompts, location, setCookie } = await ssoSignIn(email);
    expect(prompts).toEqual(["login", "consent"]);
    expect(location.href).toBe(TEST_ORIGIN + CALLBACK_URL);
    expect(issuedSession(setCookie)).toBe(true);

    const who = await whoAmI(browser);
    expect(who.status).toBe(200);
    expect(who.body).toMatchObject({ email, role: "viewer", via: "session" });

    const users = await usersWithEmail(email);
    expect(users).toEqual([{ id: who.body.id, role: "viewer" }]);
    expect(await accountsOf(users[0]!.id)).toEqual([
      { provider_id: OIDC_PROVIDER_ID, account_id: idp.subjectOf(email) },
    ]);
    expect(await signInsAudited(users[0]!.id)).toEqual([{ method: "oidc" }]);
  });

  it("signs the same person in again into the same account", async () => {
    const email = newEmail("returning");
    const first = await ssoSignIn(email);
    const second = await ssoSignIn(email);
    const [a, b] = [await whoAmI(first.browser), await whoAmI(second.browser)];
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(b.body.id).toBe(a.body.id);

    const users = await usersWithEmail(email);
    expect(users).toHaveLength(1);
    expect(await accountsOf(users[0]!.id)).toHaveLength(1);
    expect(await signInsAudited(users[0]!.id)).toEqual([{ method: "oidc" }, { method: "oidc" }]);
  });

  it("lets a person an admin created sign in into that account, keeping their role", async () => {
    const email = newEmail("made-by-admin");
    const made = await makeUser("operator", { email });
    const { browser, location } = await ssoSignIn(email);
    expect(location.href).toBe(TEST_ORIGIN + CALLBACK_URL);

    const who = await whoAmI(browser);
    expect(who.status).toBe(200);
    expect(who.body).toMatchObject({ id: made.id, email, role: "operator" });
    expect(await usersWithEmail(email)).toEqual([{ id: made.id, role: "operator" }]);
    expect(await accountsOf(made.id)).toEqual([
      { provider_id: "credential", account_id: made.id },
      { provider_id: OIDC_PROVIDER_ID, account_id: idp.subjectOf(email) },
    ]);
    expect(await signInsAudited(made.id)).toEqual([{ method: "oidc" }]);
  });

  it("refuses a callback with a tampered state, or without the browser's state cookie", async () => {
    const email = newEmail("tampered");
    const b = newBrowser();
    const { back } = await throughProvider(b, await startSignIn(b), email);
    const state = back.searchParams.get("state") ?? "";
    expect(state).not.toBe("");
    const sessionsBefore = await sessionCount();

    const tampered = new URL(back);
    tampered.searchParams.set("state", state.slice(0, -1) + (state.endsWith("A") ? "B" : "A"));
    const refused = await callback(b, tampered);
    expect(refused.location.searchParams.get("error")).toBe("state_mismatch");
    expect(issuedSession(refused.headers.getSetCookie())).toBe(false);

    // The right state from another browser (one without this flow's state cookie): login CSRF.
    const stranger = newBrowser();
    const csrf = await callback(stranger, back);
    expect(csrf.location.searchParams.get("error")).toBe("state_mismatch");
    expect(issuedSession(csrf.headers.getSetCookie())).toBe(false);

    expect(await usersWithEmail(email)).toEqual([]);
    expect(await sessionCount()).toBe(sessionsBefore);

    // The untouched callback in the browser that started the flow still works: the refusals were
    // about the state, not a broken flow.
    const ok = await callback(b, back);
    expect(ok.location.href).toBe(TEST_ORIGIN + CALLBACK_URL);
    expect((await whoAmI(b)).body).toMatchObject({ email, role: "viewer" });
  });
});

describe("SSO sign-in with OIDC_DEFAULT_ROLE=operator", () => {
  beforeAll(() => useOidc("operator"));

  it("gives a new person the configured role", async () => {
    const email = newEmail("operator");
    const { browser } = await ssoSignIn(email);
    expect((await whoAmI(browser)).body).toMatchObject({ email, role: "operator" });
    expect(await usersWithEmail(email)).toEqual([{ id: expect.any(String), role: "operator" }]);
  });
});

describe("SSO sign-in with OIDC_DEFAULT_ROLE=none", () => {
  beforeAll(() => useOidc("none"));

  it("refuses a person no admin created: no user, and back to the sign-in page with an error", async () => {
    const email = newEmail("stranger");
    const { browser, location, setCookie } = await ssoSignIn(email);
    expect(location.origin + location.pathname).toBe(`${TEST_ORIGIN}/sign-in`);
    expect(location.searchParams.get("sso-error")).toBe("1");
    expect(location.searchParams.get("error")).toBeTruthy();
    expect(issuedSession(setCookie)).toBe(false);
    expect((await whoAmI(browser)).status).toBe(401);
    expect(await usersWithEmail(email)).toEqual([]);
  });

  it("lets in a person an admin created, with a password or only invited", async () => {
    const withPassword = await makeUser("operator", { email: newEmail("has-password") });
    const invitedEmail = newEmail("invited");
    const { userId: invitedId } = await inviteUser(
      { email: invitedEmail, name: "Invited", role: "viewer" },
      { actor: { type: "system", label: "test" }, ip: null },
    );
    for (const [id, email, role] of [
      [withPassword.id, withPassword.email, "operator"],
      [invitedId, invitedEmail, "viewer"],
    ] as const) {
      const { browser, location } = await ssoSignIn(email);
      expect(location.href).toBe(TEST_ORIGIN + CALLBACK_URL);
      expect((await whoAmI(browser)).body).toMatchObject({ id, email, role });
      expect(await signInsAudited(id)).toEqual([{ method: "oidc" }]);
    }
  });
});
