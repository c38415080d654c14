// Who is calling: a signed-in user (session cookie) or a user's personal API token. Both resolve
// to one Principal, and one function decides what it may do: the role's permissions under the
// access policy, narrowed to the token's scopes when the call came with a token.
import {
  permissionsOf,
  roleCan,
  type AccessPolicy,
  type Permission,
  type Role,
} from "@/lib/auth/permissions";
import { getUserSession, verifyApiToken } from "@/lib/auth/session";

type Identity = { userId: string; email: string; name: string; role: Role };

export type Principal =
  | (Identity & { via: "session"; sessionId: string })
  | (Identity & { via: "token"; tokenId: string; scopes: readonly Permission[] });

/** True when the request carries an API token (then the session cookie is not consulted). */
export function carriesApiToken(headers: Headers): boolean {
  if (headers.get("x-api-key")) return true;
  return /^Bearer\s+esk_/i.test(headers.get("authorization") ?? "");
}

/**
 * The caller behind a request's headers, or null. A request with an API token is judged by the
 * token alone: a bad token is refused even when a valid session cookie rides along.
 */
export async function resolvePrincipal(headers: Headers): Promise<Principal | null> {
  if (carriesApiToken(headers)) {
    const t = await verifyApiToken(headers);
    if (!t) return null;
    return {
      userId: t.userId,
      email: t.email,
      name: t.name,
      role: t.role,
      via: "token",
      tokenId: t.tokenId,
      scopes: t.scopes,
    };
  }
  const s = await getUserSession(headers);
  if (!s || s.disabled) return null;
  return {
    userId: s.userId,
    email: s.email,
    name: s.name,
    role: s.role,
    via: "session",
    sessionId: s.sessionId,
  };
}

export function principalCan(p: Principal, permission: Permission, policy: AccessPolicy): boolean {
  if (!roleCan(p.role, permission, policy)) return false;
  return p.via === "session" || p.scopes.includes(permission);
}

/** Everything the principal may do under the policy (for the UI and /api/v1/me). */
export function principalPermissions(p: Principal, policy: AccessPolicy): Permission[] {
  const all = permissionsOf(p.role, policy);
  return p.via === "session" ? all : all.filter((x) => p.scopes.includes(x));
}
