// A route's JSON body, parsed and checked against its zod contract: invalid JSON is a 400 that says
// so, a body that breaks the contract a 400 naming each field (through the route wrapper).
import type { z } from "zod";
import { AppError } from "@/lib/errors";

export async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(type))
    throw new AppError(
      "unsupported_media_type",
      'send the body as JSON with "Content-Type: application/json"',
    );
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    throw new AppError("invalid_json", "the request body is not valid JSON");
  }
  return schema.parse(body);
}

/** A dynamic route segment, checked (ids are UUIDs: anything else is a 404, not a database error). */
export async function routeParam(
  ctx: { params: Promise<Record<string, string | string[]>> },
  name: string,
  schema: z.ZodType<string>,
): Promise<string> {
  const value = (await ctx.params)[name];
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError("not_found", `no such ${name}: ${JSON.stringify(value)}`);
  return parsed.data;
}
