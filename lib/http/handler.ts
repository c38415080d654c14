// The one wrapper for route handlers: maps AppError to its status, validation errors to 400,
// anything else to a logged, generic 500. Auth/role checks plug in here (issue: auth).
import { ZodError } from "zod";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";

export type RouteContext = { params: Promise<Record<string, string | string[]>> };
type Handler = (req: Request, ctx: RouteContext) => Promise<Response>;

export function jsonError(status: number, code: string, message: string, details?: unknown): Response {
  return Response.json(
    { error: { code, message, ...(details === undefined ? {} : { details }) } },
    { status },
  );
}

export function handler(fn: Handler): Handler {
  return async (req, ctx) => {
    try {
      return await fn(req, ctx);
    } catch (err) {
      if (err instanceof AppError) return jsonError(err.status, err.code, err.message, err.details);
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
  };
}
