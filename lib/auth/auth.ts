// The auth library's instance (better-auth over Prisma): email + password sign-in, sessions in
// Postgres behind httpOnly SameSite=Lax cookies, optional OIDC, the demo's automatic sign-in.
// Self sign-up and the endpoints Eventscope does not use are switched off; users are created by
// an admin or the first-run setup (lib/users/). Built once per process on first use, because the
// secret may come from the database. Not marked server-only: the custom server (live access) loads it too.
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError } from "better-auth/api";
import { genericOAuth } from "better-auth/plugins/generic-oauth";
import { afterAuthEndpoint, beforeAuthEndpoint } from "@/lib/auth/auth-hooks";
import { authSecret } from "@/lib/auth/auth-secret";
import { DEMO_USER_EMAIL, demoSignInEnabled, demoSignInPlugin } from "@/lib/auth/demo-sign-in";
import { withHashedSessionTokens } from "@/lib/auth/hashed-session-tokens";
import { oidcSignInPlugin } from "@/lib/auth/oidc-sign-in";
import { prisma } from "@/lib/db/client";
import { env } from "@/lib/env";
import { currentAppOrigins } from "@/lib/http/app-origins";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import { log } from "@/lib/log";
import { MAX_PASSWORD, MIN_PASSWORD } from "@/lib/auth/password-policy";

export const OIDC_PROVIDER_ID = "oidc";

/** Endpoints of the library that Eventscope does not offer (users are managed by admins). */
const DISABLED_PATHS = [
  "/sign-up/email",
  "/update-user",
  "/change-email",
  "/delete-user",
  "/delete-user/callback",
  "/request-password-reset",
  "/reset-password",
  "/reset-password/:token",
  "/send-verification-email",
  "/verify-email",
  "/set-password",
  "/link-social",
  "/unlink-account",
  "/list-accounts",
  "/account-info",
  "/get-access-token",
  "/refresh-token",
  "/sign-in/social",
  "/list-sessions",
  "/revoke-session",
  "/revoke-other-sessions",
  "/update-session",
];

async function build(secret: string) {
  const e = env();
  const publicUrl = e.PUBLIC_URL ? new URL(e.PUBLIC_URL) : undefined;
  const oidc = e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET;
  return betterAuth({
    appName: "Eventscope",
    secret,
    basePath: "/api/auth",
    // Behind PUBLIC_URL everything is addressed through it; otherwise the Host header, which the
    // server has already checked against the app's own origins (server/request-guard.ts).
    baseURL: publicUrl
      ? publicUrl.origin
      : { allowedHosts: currentAppOrigins().map((o) => o.replace(/^https?:\/\//, "")), protocol: "http" },
    trustedOrigins: () => currentAppOrigins(),
    database: withHashedSessionTokens(prismaAdapter(prisma(), { provider: "postgresql" })),
    telemetry: { enabled: false },
    logger: {
      log: (level, message) => {
        if (level === "error") log.error({ component: "auth" }, message);
        else if (level === "warn") log.debug({ component: "auth" }, message);
      },
    },
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: MIN_PASSWORD,
      maxPasswordLength: MAX_PASSWORD,
      autoSignIn: false,
    },
    user: {
      additionalFields: {
        role: { type: "string", required: false, input: false, defaultValue: "viewer" },
        disabledAt: { type: "date", required: false, input: false },
      },
    },
    session: {
      expiresIn: Math.round(e.SESSION_TTL_HOURS * 3600),
      updateAge: 24 * 3600,
      // Every request reads the session row: revoking one takes effect at once.
      cookieCache: { enabled: false },
    },
    account: { accountLinking: { enabled: true, trustedProviders: [OIDC_PROVIDER_ID] } },
    advanced: {
      cookiePrefix: "eventscope",
      useSecureCookies: publicUrl?.protocol === "https:",
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
      database: { generateId: "uuid" },
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
      // Pinned on: left unset, the library skips its Origin/CSRF check whenever NODE_ENV is "test"
      // or a TEST variable is set, so a stray variable would open the door and tests would see a
      // check that production has.
      disableOriginCheck: false,
      disableCSRFCheck: false,
    },
    rateLimit: {
      enabled: true,
      storage: "memory",
      window: 10,
      max: 100,
      customRules: {
        "/sign-in/email": { window: 60, max: e.SIGN_IN_RATE_LIMIT },
        "/change-password": { window: 60, max: 5 },
        "/demo-sign-in": { window: 60, max: 30 },
      },
    },
    disabledPaths: DISABLED_PATHS,
    hooks: { before: beforeAuthEndpoint, after: afterAuthEndpoint },
    databaseHooks: {
      user: {
        create: {
          // Only OIDC creates users through the library; they get the configured default role.
          before: async (user) => {
            if (user.email === DEMO_USER_EMAIL) return { data: user };
            if (e.OIDC_DEFAULT_ROLE === "none")
              throw new APIError("FORBIDDEN", {
                message: "ask an admin to create your Eventscope account first",
              });
            return { data: { ...user, role: e.OIDC_DEFAULT_ROLE } };
          },
        },
      },
      session: {
        create: {
          before: async (session) => {
            const user = await prisma().user.findUnique({
              where: { id: session.userId },
              select: { disabledAt: true, email: true },
            });
            if (!user || user.disabledAt)
              throw new APIError("FORBIDDEN", {
                code: "ACCOUNT_DISABLED",
                message: "This account is disabled.",
              });
            if (user.email === DEMO_USER_EMAIL && !demoSignInEnabled())
              throw new APIError("FORBIDDEN", {
                message: "the demo account signs in only in the local demo",
              });
            return { data: session };
          },
        },
      },
    },
    plugins: [
      demoSignInPlugin(),
      ...(oidc
        ? [
            oidcSignInPlugin(OIDC_PROVIDER_ID),
            // The provider sends people back to /api/auth/callback/oidc: the redirect URI to register.
            genericOAuth({
              config: [
                {
                  providerId: OIDC_PROVIDER_ID,
                  name: e.OIDC_NAME,
                  discoveryUrl: `${e.OIDC_ISSUER!.replace(/\/$/, "")}/.well-known/openid-configuration`,
                  clientId: e.OIDC_CLIENT_ID!,
                  clientSecret: e.OIDC_CLIENT_SECRET!,
                  scopes: e.OIDC_SCOPES.split(/\s+/).filter(Boolean),
                  pkce: true,
                  disableImplicitSignUp: e.OIDC_DEFAULT_ROLE === "none",
                },
              ],
            }),
          ]
        : []),
    ],
  });
}

export type Auth = Awaited<ReturnType<typeof build>>;

const g = globalThis as typeof globalThis & { __eventscopeAuth?: Promise<Auth> };

/** The process's auth instance, built on first use. */
export function getAuth(): Promise<Auth> {
  g.__eventscopeAuth ??= authSecret().then(({ secret }) => build(secret));
  g.__eventscopeAuth.catch(() => (g.__eventscopeAuth = undefined)); // a failed build is retried next time
  return g.__eventscopeAuth;
}

/** Tests that change the environment rebuild the instance. */
export function resetAuthForTests(): void {
  g.__eventscopeAuth = undefined;
}
