// The demo's automatic sign-in. A newcomer who runs `npm start` (embedded Postgres, demo source,
// bound to loopback) lands in the dashboard without creating an account: visitors are signed in as
// a built-in demo admin. It is on only in that setting — never with DATABASE_URL, never on a
// non-loopback HOST, never for a request from another machine — and the UI says so. The demo admin
// has no password; once auto sign-in is off its sessions are refused.
import { APIError } from "better-auth/api";
import { createAuthEndpoint } from "better-auth/api";
import { setSessionCookie } from "better-auth/cookies";
import type { BetterAuthPlugin } from "better-auth";
import { prisma } from "@/lib/db/client";
import { env, type Env } from "@/lib/env";
import { clientAddress, isLoopbackAddress } from "@/lib/http/client-address";

export const DEMO_USER_EMAIL = "demo@eventscope.invalid";
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

export function demoSignInEnabled(
  e: Pick<Env, "DEMO_SIGN_IN" | "DATABASE_URL" | "DEMO" | "HOST"> = env(),
): boolean {
  return e.DEMO_SIGN_IN === "auto" && !e.DATABASE_URL && e.DEMO !== "off" && LOOPBACK_HOSTS.has(e.HOST);
}

/** The demo admin, created when missing. */
export async function ensureDemoUser(): Promise<{ id: string }> {
  return prisma().user.upsert({
    where: { email: DEMO_USER_EMAIL },
    create: { email: DEMO_USER_EMAIL, name: "Demo admin", role: "admin", emailVerified: true },
    update: {},
    select: { id: true },
  });
}

/** POST /api/auth/demo-sign-in: a session for the demo admin, when the demo setting allows it. */
export function demoSignInPlugin() {
  return {
    id: "eventscope-demo-sign-in",
    endpoints: {
      demoSignIn: createAuthEndpoint("/demo-sign-in", { method: "POST" }, async (ctx) => {
        if (!demoSignInEnabled())
          throw new APIError("FORBIDDEN", {
            message: "automatic sign-in is only for the demo on an embedded database bound to localhost",
          });
        const address = ctx.headers ? clientAddress(ctx.headers) : null;
        if (!isLoopbackAddress(address))
          throw new APIError("FORBIDDEN", {
            message: "automatic sign-in is only for requests from this machine",
          });
        const { id } = await ensureDemoUser();
        const user = await ctx.context.internalAdapter.findUserById(id);
        if (!user)
          throw new APIError("INTERNAL_SERVER_ERROR", { message: "the demo user could not be created" });
        const session = await ctx.context.internalAdapter.createSession(user.id);
        await setSessionCookie(ctx, { session, user });
        return ctx.json({ ok: true, email: user.email });
      }),
    },
  } satisfies BetterAuthPlugin;
}
