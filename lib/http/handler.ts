// The one wrapper for route handlers. Every exported handler says who may call it (`route`):
// the public, a collector (its token), or a user holding a permission (session cookie or API
// token). The wrapper checks that before the handler runs — with the CSRF check for cookie
// writes and the per-token rate limit for collectors — and maps errors: AppError to its status,
// validation errors to 400, anything else to a logged, generic 500.
import { ZodError } from "zod";
import { authenticateCollector, type AuthenticatedCollector } from "@/lib/auth/collector-tokens";
import type { Permission } from "@/lib/auth/permissions";
import { principalCan, resolvePrincipal, type Principal } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";
import { isAppOrigin } from "@/lib/http/app-origins";
import { consumeCollectorRequest } from "@/lib/http/collector-rate-limit";
import { isSafeMethod, isSameOriginRequest } from "@/lib/http/same-origin";
import { log } from "@/lib/log";
import { accessPolicy } from "@/lib/settings/access-policy";

export type RouteContext = { params: Promise<Record<string, string | string[]>> };
type Handler = (req: Request, ctx: RouteContext) => Promise<Response>;

export type Access =
  /** Anyone; `ownOriginCheck` when the handler refuses cross-site writes itself (the auth library). */
  | { kind: "public"; why: string; ownOriginCheck?: true }
  | { kind: "collector" }
  /** A signed-in person (or their API token) holding `permission`; `sessionOnly` refuses API tokens. */
  | { kind: "user"; permission: Permission; sessionOnly?: boolean };

type CallerOf<A extends Access> = A extends { kind: "user" }
  ? Principal
  : A extends { kind: "collector" }
    ? AuthenticatedCollector
    : null;

/** A route handler that carries its access rule, so tests can list every route's rule. */
export type GuardedHandler<A extends Access = Access> = Handler & { readonly access: A };

export function jsonError(
  status: number,
  code: string,
  message: string,
  details?: unknown,
  headers?: HeadersInit,
): Response {
  return Response.json(
    { error: { code, message, ...(details === undefined ? {} : { details }) } },
    { status, headers },
  );
}

function errorResponse(req: Request, err: unknown): Response {
  if (err instanceof AppError) {
    const headers = err.retryAfterSeconds ? { "retry-after": String(err.retryAfterSeconds) } : undefined;
    return jsonError(err.status, err.code, err.message, err.details, headers);
  }
  if (err instanceof ZodError) {
    const issues = err.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    return jsonError(
      400,
      "bad_request",
      issues.map((i) => `${i.path || "body"}: ${i.message}`).join("; "),
      issues,
    );
  }
  log.error({ err, method: req.method, url: new URL(req.url).pathname }, "unhandled route error");
  return jsonError(500, "internal", "Internal server error");
}

async function userCaller(req: Request, access: Extract<Access, { kind: "user" }>): Promise<Principal> {
  const { permission } = access;
  const principal = await resolvePrincipal(req.headers);
  if (!principal)
    throw new AppError(
      "unauthorized",
      "sign in first, or send a valid API token (Authorization: Bearer esk_…)",
    );
  if (principal.via === "session" && !isSameOriginRequest(req, isAppOrigin)) {
    throw new AppError(
      "forbidden",
      "cross-site request refused: state-changing calls must come from Eventscope's own pages",
    );
  }
  if (access.sessionOnly && principal.via !== "session")
    throw new AppError("forbidden", "this can only be done by a signed-in person, not with an API token");
  if (!principalCan(principal, permission, await accessPolicy())) {
    const how =
      principal.via === "token" ? "this API token (or its owner's role)" : `the ${principal.role} role`;
    throw new AppError("forbidden", `${how} may not do this: it needs the "${permission}" permission`);
  }
  return principal;
}

async function collectorCaller(req: Request): Promise<AuthenticatedCollector> {
  const collector = await authenticateCollector(req.headers.get("authorization"));
  await consumeCollectorRequest(collector.id);
  return collector;
}

export function route<A extends Access>(
  access: A,
  fn: (req: Request, ctx: RouteContext, caller: CallerOf<A>) => Promise<Response>,
): GuardedHandler<A> {
  const guarded: Handler = async (req, ctx) => {
    try {
      let caller: Principal | AuthenticatedCollector | null = null;
      if (access.kind === "user") caller = await userCaller(req, access);
      else if (access.kind === "collector") caller = await collectorCaller(req);
      else if (
        !access.ownOriginCheck &&
        !isSafeMethod(req.method) &&
        req.headers.has("origin") &&
        !isSameOriginRequest(req, isAppOrigin)
      )
        // A public write from another site's page (setup, an invitation): scripts and tools send no
        // Origin, but a browser always does — and first-run setup must not be claimable from afar.
        throw new AppError(
          "forbidden",
          "cross-site request refused: this must come from Eventscope's own pages",
        );
      return await fn(req, ctx, caller as CallerOf<A>);
    } catch (err) {
      return errorResponse(req, err);
    }
  };
  return Object.assign(guarded, { access });
}
