// The two ways a person's request is authenticated: the session cookie (through the auth library)
// and a personal API token (Authorization: Bearer esk_… or X-API-Key). Both read Postgres on every
// call, so a revoked session or token, a disabled user or a changed role counts at once.
import { getAuth } from "@/lib/auth/auth";
import { findApiToken } from "@/lib/auth/api-tokens";
import { DEMO_USER_EMAIL, demoSignInEnabled } from "@/lib/auth/demo-sign-in";
import { isRole, type Permission, type Role } from "@/lib/auth/permissions";
import { isWellFormedToken } from "@/lib/auth/token-format";
import { AppError } from "@/lib/errors";

export type UserSession = {
  sessionId: string;
  userId: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
};

export type VerifiedApiToken = {
  tokenId: string;
  userId: string;
  email: string;
  name: string;
  role: Role;
  scopes: Permission[];
};

/** The signed-in user behind the request's session cookie, or null. */
export async function getUserSession(headers: Headers): Promise<UserSession | null> {
  if (!headers.get("cookie")) return null;
  const auth = await getAuth();
  const found = await auth.api.getSession({ headers });
  if (!found) return null;
  const { session, user } = found;
  if (user.email === DEMO_USER_EMAIL && !demoSignInEnabled()) return null;
  return {
    sessionId: session.id,
    userId: user.id,
    email: user.email,
    name: user.name,
    role: isRole(user.role) ? user.role : "viewer",
    disabled: Boolean(user.disabledAt),
  };
}

function bearerToken(headers: Headers): string | null {
  const apiKey = headers.get("x-api-key");
  if (apiKey) return apiKey.trim();
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.get("authorization") ?? "");
  return match?.[1] ?? null;
}

/**
 * The personal API token the request carries. Throws AppError("unauthorized") saying whether it
 * was malformed, unknown, revoked, expired or its owner disabled; null when there is none.
 */
export async function verifyApiToken(headers: Headers): Promise<VerifiedApiToken | null> {
  const token = bearerToken(headers);
  if (!token) return null;
  if (!isWellFormedToken(token, "personal"))
    throw new AppError(
      "unauthorized",
      'malformed API token; expected "esk_" followed by 43 base64url characters',
    );
  const t = await findApiToken(token);
  if (!t) throw new AppError("unauthorized", "unknown API token");
  if (t.revokedAt) throw new AppError("unauthorized", `API token ${t.tokenPrefix}… was revoked`);
  if (t.expiresAt && t.expiresAt.getTime() <= Date.now())
    throw new AppError(
      "unauthorized",
      `API token ${t.tokenPrefix}… expired on ${t.expiresAt.toISOString().slice(0, 10)}`,
    );
  if (t.userDisabledAt) throw new AppError("unauthorized", "the owner of this API token is disabled");
  return {
    tokenId: t.id,
    userId: t.userId,
    email: t.email,
    name: t.name,
    role: isRole(t.role) ? t.role : "viewer",
    scopes: t.scopes,
  };
}
