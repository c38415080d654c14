// The {id} segment of /api/v1/dead-letters/{id}: a UUID, else a 400 that names the field.
import "server-only";
import { z } from "zod";
import { deadLetterIdSchema } from "@/lib/dead-letters/schemas";
import type { RouteContext } from "@/lib/http/handler";

export async function deadLetterIdParam(ctx: RouteContext): Promise<string> {
  const raw = (await ctx.params).id;
  const parsed = deadLetterIdSchema.safeParse(Array.isArray(raw) ? raw.join("/") : (raw ?? ""));
  if (!parsed.success)
    throw new z.ZodError(parsed.error.issues.map((i) => ({ ...i, path: ["id", ...i.path] })));
  return parsed.data.toLowerCase();
}
