// The {traceId} segment of GET /api/v1/traces/{traceId}: 32 hex characters (any case), else a 400
// that says so.
import "server-only";
import { z } from "zod";
import type { RouteContext } from "@/lib/http/handler";
import { traceIdSchema } from "@/lib/traces/schemas";

export async function traceIdParam(ctx: RouteContext): Promise<string> {
  const raw = (await ctx.params).traceId;
  const parsed = traceIdSchema.safeParse(Array.isArray(raw) ? raw.join("/") : (raw ?? ""));
  if (!parsed.success)
    throw new z.ZodError(parsed.error.issues.map((i) => ({ ...i, path: ["traceId", ...i.path] })));
  return parsed.data;
}
