// Secrets stay secret: while people sign in (wrongly and rightly), create, use and revoke API and
// collector tokens and accept an invitation, nothing written to the logs holds a password, a token
// or an invitation link, and Postgres holds only their hashes. The production logger is used as
// is; only its output stream is swapped for a buffer (and stdout, stderr and console are watched).
import pino from "pino";
import { verifyPassword } from "better-auth/crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as accept from "@/app/api/invites/accept/route";
import * as collectorById from "@/app/api/v1/collectors/[id]/route";
import * as rotate from "@/app/api/v1/collectors/[id]/rotate/route";
import * as collectors from "@/app/api/v1/collectors/route";
import * as ingest from "@/app/api/v1/ingest/route";
import * as me from "@/app/api/v1/me/route";
import * as tokenById from "@/app/api/v1/tokens/[id]/route";
import * as tokens from "@/app/api/v1/tokens/route";
import * as users from "@/app/api/v1/users/route";
import { hashToken } from "@/lib/auth/token-format";
import { pool } from "@/lib/db/client";
import { log } from "@/lib/log";
import { freshAddress, sessionOf, signIn } from "@/lib/testing/auth-callers";
import { call, makeUser, type Caller } from "@/lib/testing/http-client";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

let db: TestDatabase;
const written: string[] = [];
const restore: (() => void)[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  const stream: unknown = Reflect.get(log, pino.symbols.streamSym);
  const level = log.level;
  Reflect.set(log, pino.symbols.streamSym, { write: (line: string) => written.push(line) });
  log.level = "trace"; // everything the code could say, debug included
  restore.push(() => {
    Reflect.set(log, pino.symbols.streamSym, stream);
    log.level = level;
  });
  for (const out of [process.stdout, process.stderr]) {
    const spy = vi.spyOn(out, "write");
    restore.push(() => spy.mockRestore());
  }
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    const spy = vi.spyOn(console, method);
    restore.push(() => spy.mockRestore());
  }
});
afterAll(async () => {
  for (const undo of restore.splice(0)) undo();
  await db.drop();
});

/** Everything that left the process as text while the scenario ran. */
function allOutput(): string {
  const watched: unknown[] = [process.stdout.write, process.stderr.write];
  watched.push(console.log, console.info, console.warn, console.error, console.debug);
  const spied = watched
    .flatMap((fn) => (vi.isMockFunction(fn) ? fn.mock.calls : []))
    .map((args) => args.map((a) => (typeof a === "string" ? a : (JSON.stringify(a) ?? String(a)))).join(" "));
  return [...written, ...spied].join("\n");
}

/** The session token inside a Set-Cookie answer ("eventscope.session_token=<token>.<signature>"). */
function sessionTokenOf(headers: Headers): string {
  const cookie = headers.getSetCookie().find((c) => c.startsWith("eventscope.session_token="))!;
  return decodeURIComponent(cookie.split(";")[0]!.split("=")[1]!).split(".")[0]!;
}

describe("secrets", () => {
  const secrets = new Map<string, string>(); // what → plaintext
  const post = (body: unknown) => ({ method: "POST", body });

  it("run through sign-in, tokens and an invitation", async () => {
    log.info("canary: the capture works");
    const admin = await makeUser("admin");
    secrets.set("admin password", admin.password);
    const wrong = "Wrong-Password-Guess-7d1f3c";
    secrets.set("wrong password", wrong);
    expect((await signIn(admin.email, wrong)).status).toBe(401);
    const signedIn = await signIn(admin.email, admin.password);
    expect(signedIn.status).toBe(200);
    secrets.set("session token", sessionTokenOf(signedIn.headers));
    const s = await sessionOf(admin);

    const created = await call(tokens.POST, "/api/v1/tokens", s, {
      ...post({ name: "script", scopes: ["events:read"], expiresInDays: 7 }),
    });
    expect(created.status).toBe(201);
    const api = created.body as { token: string; info: { id: string } };
    secrets.set("API token", api.token);
    const asToken: Caller = { kind: "token", token: api.token };
    expect((await call(me.GET, "/api/v1/me", asToken)).status).toBe(200);
    const tokenParams = { params: { id: api.info.id } };
    const revoke = { method: "DELETE", ...tokenParams };
    expect((await call(tokenById.DELETE, `/api/v1/tokens/${api.info.id}`, s, revoke)).status).toBe(200);
    expect((await call(me.GET, "/api/v1/me", asToken)).status).toBe(401);

    const col = await call(collectors.POST, "/api/v1/collectors", s, post({ name: "secret-test" }));
    expect(col.status).toBe(201);
    const { token: first, collector } = col.body as { token: string; collector: { id: string } };
    secrets.set("collector token", first);
    const byId = { params: { id: collector.id } };
    const rotated = await call(rotate.POST, `/api/v1/collectors/${collector.id}/rotate`, s, {
      method: "POST",
      ...byId,
    });
    expect(rotated.status).toBe(200);
    secrets.set("rotated collector token", (rotated.body as { token: string }).token);
    const asCollector: Caller = { kind: "token", token: secrets.get("rotated collector token")! };
    const batch = { method: "POST", body: { events: [] } };
    expect((await call(ingest.POST, "/api/v1/ingest", asCollector, batch)).status).toBeLessThan(300);
    expect((await call(ingest.POST, "/api/v1/ingest", { kind: "token", token: first }, batch)).status).toBe(
      401,
    );
    const off = { method: "DELETE", ...byId };
    expect((await call(collectorById.DELETE, `/api/v1/collectors/${collector.id}`, s, off)).status).toBe(200);
    expect((await call(ingest.POST, "/api/v1/ingest", asCollector, batch)).status).toBe(401);

    const invited = await call(users.POST, "/api/v1/users", s, {
      ...post({ email: "invitee@example.com", name: "Invitee", role: "viewer" }),
    });
    const { userId, path } = invited.body.invitation as { userId: string; path: string };
    const inviteToken = path.replace(/^\/invite\//, "");
    secrets.set("invitation token", inviteToken);
    const { rows: pending } = await pool().query<{ value: string }>(
      "SELECT value FROM verifications WHERE identifier = $1",
      [`invite:${userId}`],
    );
    expect(pending).toEqual([{ value: hashToken(inviteToken) }]);
    const inviteePassword = "Invitee-Chosen-Password-42";
    secrets.set("invitee password", inviteePassword);
    const accepted = await call(
      accept.POST,
      "/api/invites/accept",
      { kind: "anonymous" },
      {
        ...post({ token: inviteToken, password: inviteePassword }),
        address: freshAddress(),
      },
    );
    expect(accepted.status).toBe(200);
    secrets.set("invitee session token", sessionTokenOf(accepted.headers));
    expect(JSON.stringify(accepted.body)).not.toContain(secrets.get("invitee session token")!);
  });

  it("never reach the logs, stdout, stderr or the console", () => {
    const out = allOutput();
    expect(out).toContain("canary: the capture works");
    expect(secrets.size).toBe(9);
    for (const [what, secret] of secrets) expect(out.includes(secret), what).toBe(false);
  });

  it("are redacted by the logger when code hands it a token or an Authorization header", () => {
    const secret = "esk_redaction-check-0123456789abcdef";
    log.info({ token: secret, headers: { authorization: `Bearer ${secret}` } }, "redaction check");
    log.warn({ req: { token: secret, authorization: secret } }, "nested redaction check");
    const lines = written.filter((l) => l.includes("redaction check"));
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).not.toContain(secret);
      expect(line).toContain("[redacted]");
    }
  });

  it("are stored only as hashes", async () => {
    const q = async (sql: string) => (await pool().query<Record<string, string>>(sql)).rows;
    expect(await q("SELECT token_hash FROM api_tokens")).toEqual([
      { token_hash: hashToken(secrets.get("API token")!) },
    ]);
    expect(await q("SELECT token_hash FROM collectors")).toEqual([
      { token_hash: hashToken(secrets.get("rotated collector token")!) },
    ]);
    const sessionHashes = (await q("SELECT token FROM sessions")).map((r) => r.token);
    for (const what of ["session token", "invitee session token"]) {
      expect(sessionHashes, what).toContain(hashToken(secrets.get(what)!));
      expect(sessionHashes, what).not.toContain(secrets.get(what));
    }
    const passwords = await q(
      `SELECT u.email, a.password FROM accounts a JOIN users u ON u.id = a.user_id ORDER BY u.email`,
    );
    expect(passwords).toHaveLength(2);
    for (const { email, password: hash } of passwords) {
      const plain = secrets.get(email === "invitee@example.com" ? "invitee password" : "admin password")!;
      expect(hash).not.toContain(plain);
      expect(await verifyPassword({ hash: hash!, password: plain })).toBe(true);
    }
    // Nothing anywhere in the database holds any of the secrets in plain text.
    const tables = await q(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
    expect(tables.length).toBeGreaterThan(10);
    for (const { tablename } of tables) {
      const rows = await q(`SELECT t::text AS row FROM ${JSON.stringify(tablename)} t`);
      const text = rows.map((r) => r.row).join("\n");
      for (const [what, secret] of secrets)
        expect(text.includes(secret), `${tablename}: ${what}`).toBe(false);
    }
  });
});
