// Calls the app's route handlers the way a browser or script would (a Request in, a Response out)
// with a session cookie, an API token or nothing, from the app's own origin unless told otherwise.
// Integration tests use it with real Postgres; nothing about auth is stubbed.
import { randomBytes } from "node:crypto";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import type { GuardedHandler } from "@/lib/http/handler";
import { withTransaction } from "@/lib/db/client";
import type { Role } from "@/lib/auth/permissions";
import { setPassword } from "@/lib/users/credentials";

export const TEST_ORIGIN = "http://127.0.0.1:3000";

export type Caller =
  { kind: "anonymous" } | { kind: "session"; cookie: string } | { kind: "token"; token: string };

export type CallOptions = {
  method?: string;
  body?: unknown;
  params?: Record<string, string>;
  origin?: string | null;
  address?: string;
  headers?: Record<string, string>;
};

export type Called = { status: number; body: Record<string, unknown>; headers: Headers };

export async function call(
  handler: GuardedHandler,
  path: string,
  caller: Caller,
  opts: CallOptions = {},
): Promise<Called> {
  const method = opts.method ?? "GET";
  const headers = new Headers(opts.headers);
  headers.set(CLIENT_ADDRESS_HEADER, opts.address ?? "127.0.0.1");
  headers.set("host", new URL(TEST_ORIGIN).host); // as Next passes it on from the HTTP request
  if (opts.origin !== null && method !== "GET") headers.set("origin", opts.origin ?? TEST_ORIGIN);
  if (caller.kind === "session") headers.set("cookie", caller.cookie);
  if (caller.kind === "token") headers.set("authorization", `Bearer ${caller.token}`);
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const res = await handler(new Request(TEST_ORIGIN + path, { method, headers, body }), {
    params: Promise.resolve(opts.params ?? {}),
  });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  if (text) {
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      parsed = { text };
    }
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** "name=value; name2=value2" from a response's Set-Cookie headers (what a browser would send back). */
export function cookieFrom(headers: Headers): string {
  return headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .filter((c) => !c.endsWith("="))
    .join("; ");
}

export type TestUser = { id: string; email: string; password: string; role: Role };

/** A person with a password, straight into the database (email verified, as anyone an admin created). */
export async function makeUser(
  role: Role,
  overrides: { email?: string; name?: string } = {},
): Promise<TestUser> {
  const email = overrides.email ?? `${role}-${randomBytes(4).toString("hex")}@example.com`;
  const password = `pw-${randomBytes(9).toString("base64url")}`;
  const id = await withTransaction(async (c) => {
    const { rows } = await c.query<{ id: string }>(
      `INSERT INTO users (id, email, name, role, email_verified) VALUES (gen_random_uuid(), $1, $2, $3, true) RETURNING id`,
      [email, overrides.name ?? `Test ${role}`, role],
    );
    await setPassword(c, rows[0]!.id, password);
    return rows[0]!.id;
  });
  return { id, email, password, role };
}
