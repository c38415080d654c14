// What Eventscope adds around the auth library's own endpoints: the per-account sign-in lockout,
// the audit trail (sign-ins, failures, sign-outs, password changes) and the announcements that
// make open live connections re-check their access at once.
import { APIError, createAuthMiddleware, getSessionFromCtx, isAPIError } from "better-auth/api";
import { recordAudit, type AuditActor } from "@/lib/audit/record-audit";
import { announceAccessChange } from "@/lib/auth/revocations";
import { clearSignInFailures, noteSignInFailure, signInLockedFor } from "@/lib/auth/sign-in-throttle";
import { clientAddress } from "@/lib/http/client-address";

type Ctx = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];
type UserLike = { id: string; email: string };

function emailOf(ctx: Ctx): string {
  const body = ctx.body as { email?: unknown } | undefined;
  return typeof body?.email === "string" ? body.email.trim().toLowerCase().slice(0, 320) : "";
}

function ipOf(ctx: Ctx): string | null {
  return ctx.headers ? clientAddress(ctx.headers) : null;
}

function userActor(user: UserLike): AuditActor {
  return { type: "user", id: user.id, label: user.email };
}

/** Sign-out deletes the session before after-hooks run: who it was is read here first. */
const signingOut = new WeakMap<object, UserLike>();

export const beforeAuthEndpoint = createAuthMiddleware(async (ctx) => {
  if (ctx.path === "/sign-in/email") {
    const email = emailOf(ctx);
    const wait = email ? await signInLockedFor(email) : 0;
    if (wait > 0) {
      await recordAudit({
        actor: { type: "anonymous", label: email },
        action: "auth.sign_in_locked",
        ip: ipOf(ctx),
      });
      throw new APIError(
        "TOO_MANY_REQUESTS",
        {
          code: "SIGN_IN_LOCKED",
          message: `Too many failed sign-ins for this email. Try again in ${wait} s.`,
        },
        { "Retry-After": String(wait) },
      );
    }
  }
  if (ctx.path === "/sign-out" && ctx.request) {
    const session = await getSessionFromCtx(ctx);
    if (session) signingOut.set(ctx.request, session.user);
  }
});

/**
 * The library puts the raw session token in some JSON answers (sign-in, password change,
 * get-session). The browser holds it in an httpOnly cookie; no script on the page needs a copy.
 */
function withoutSessionToken(returned: unknown): Record<string, unknown> | null {
  if (!returned || typeof returned !== "object" || returned instanceof Response) return null;
  const r = returned as Record<string, unknown>;
  if (typeof r.token === "string") return { ...r, token: null };
  const session = r.session as Record<string, unknown> | undefined;
  if (session && typeof session === "object" && "token" in session) {
    const { token: _token, ...rest } = session;
    return { ...r, session: rest };
  }
  return null;
}

export const afterAuthEndpoint = createAuthMiddleware(async (ctx) => {
  await audit(ctx);
  const stripped = isAPIError(ctx.context.returned) ? null : withoutSessionToken(ctx.context.returned);
  if (stripped) return ctx.json(stripped);
});

async function audit(ctx: Ctx): Promise<void> {
  const returned = ctx.context.returned;
  const failed = isAPIError(returned);
  const ip = ipOf(ctx);
  const newUser = ctx.context.newSession?.user;
  const current = ctx.context.session?.user;
  switch (ctx.path) {
    case "/sign-in/email": {
      const email = emailOf(ctx);
      if (failed) {
        if (returned.statusCode !== 401 || !email) return;
        await noteSignInFailure(email);
        await recordAudit({ actor: { type: "anonymous", label: email }, action: "auth.sign_in_failed", ip });
      } else if (newUser) {
        await clearSignInFailures(email);
        await recordAudit({
          actor: userActor(newUser),
          action: "auth.sign_in",
          details: { method: "password" },
          ip,
        });
      }
      return;
    }
    case "/demo-sign-in":
    case "/callback/:id": // where the SSO provider sends people back (better-auth 1.7)
      if (newUser) {
        const method = ctx.path === "/demo-sign-in" ? "demo" : "oidc";
        await recordAudit({ actor: userActor(newUser), action: "auth.sign_in", details: { method }, ip });
      }
      return;
    case "/sign-out": {
      const user = ctx.request ? signingOut.get(ctx.request) : undefined;
      if (user) await recordAudit({ actor: userActor(user), action: "auth.sign_out", ip });
      return;
    }
    case "/change-password":
    case "/revoke-sessions":
      if (failed || !current) return;
      await recordAudit({
        actor: userActor(current),
        action: ctx.path === "/change-password" ? "auth.password_changed" : "auth.sign_out_everywhere",
        ip,
      });
      announceAccessChange({ userId: current.id, why: ctx.path.slice(1) });
      return;
    default:
      return;
  }
}
