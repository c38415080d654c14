// Signed-in callers for integration tests: a session cookie from the real sign-in endpoint, and
// personal API tokens from the real token functions. Nothing is stubbed; each sign-in comes from
// its own client address, so the per-address sign-in rate limit never decides a test by accident.
import * as authRoute from "@/app/api/auth/[...all]/route";
import { createApiToken } from "@/lib/auth/api-tokens";
import type { Permission } from "@/lib/auth/permissions";
import { call, cookieFrom, type Called, type Caller, type TestUser } from "@/lib/testing/http-client";

let addresses = 0;

/** A client address no other call in this process has used (10.x.y.z). */
export function freshAddress(): string {
  addresses++;
  return `10.${(addresses >> 16) & 255}.${(addresses >> 8) & 255}.${addresses & 255}`;
}

/** POST /api/auth/sign-in/email as a browser would, from `address` (a fresh one by default). */
export async function signIn(
  email: string,
  password: string,
  opts: { address?: string; cookie?: string } = {},
): Promise<Called> {
  const caller: Caller = opts.cookie ? { kind: "session", cookie: opts.cookie } : { kind: "anonymous" };
  return call(authRoute.POST, "/api/auth/sign-in/email", caller, {
    method: "POST",
    body: { email, password },
    address: opts.address ?? freshAddress(),
  });
}

/** A session caller for `user`; throws with the answer when the sign-in is refused. */
export async function sessionOf(user: Pick<TestUser, "email" | "password">): Promise<Caller> {
  const res = await signIn(user.email, user.password);
  if (res.status !== 200)
    throw new Error(`sign-in of ${user.email} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { kind: "session", cookie: cookieFrom(res.headers) };
}

export type TestToken = { id: string; token: string; caller: Caller };

/** A personal API token of `user` with `scopes`, as if they had created it on the Settings page. */
export async function apiTokenOf(
  user: Pick<TestUser, "id" | "email" | "role">,
  scopes: Permission[],
  expiresInDays = 30,
): Promise<TestToken> {
  const { token, info } = await createApiToken(
    { userId: user.id, role: user.role },
    { name: `test ${scopes.join(" ")}`, scopes, expiresInDays },
    { actor: { type: "user", id: user.id, label: user.email }, ip: null },
  );
  return { id: info.id, token, caller: { kind: "token", token } };
}
