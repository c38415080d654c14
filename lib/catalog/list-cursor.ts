// The catalog list's opaque keyset cursor: the last item's sort value and name, the sort it was
// made for, a digest of the filters, and the end of the throughput window (so every page of a
// throughput-sorted walk ranks by the same hour, not by one that moved on). A cursor from another
// sort, order or filter set is refused rather than silently skipping or repeating types.
import { createHash } from "node:crypto";
import { z } from "zod";
import { AppError } from "@/lib/errors";

export type CursorKey = { value: string | number; name: string };
export type CursorScope = { sort: string; order: string; filters: Record<string, unknown> };
export type Cursor = CursorKey & { asOfMs: number };

const shape = z.strictObject({
  s: z.string(),
  o: z.string(),
  f: z.string(),
  t: z.number().int().nonnegative(),
  v: z.union([z.string(), z.number()]),
  n: z.string(),
});

function digest(filters: Record<string, unknown>): string {
  const keys = Object.keys(filters)
    .filter((k) => filters[k] !== undefined)
    .sort();
  const text = JSON.stringify(keys.map((k) => [k, filters[k]]));
  return createHash("sha256").update(text).digest("base64url").slice(0, 12);
}

export function encodeCursor(scope: CursorScope, key: CursorKey, asOfMs: number): string {
  const body = {
    s: scope.sort,
    o: scope.order,
    f: digest(scope.filters),
    t: asOfMs,
    v: key.value,
    n: key.name,
  };
  return Buffer.from(JSON.stringify(body)).toString("base64url");
}

export function decodeCursor(raw: string, scope: CursorScope): Cursor {
  let parsed: z.infer<typeof shape>;
  try {
    parsed = shape.parse(JSON.parse(Buffer.from(raw, "base64url").toString("utf8")));
  } catch {
    throw new AppError("bad_request", "cursor: not a cursor this API made; use nextCursor as it was given");
  }
  if (parsed.s !== scope.sort || parsed.o !== scope.order || parsed.f !== digest(scope.filters))
    throw new AppError(
      "bad_request",
      "cursor: it belongs to a list with another sort, order or filters; start again without a cursor",
    );
  return { value: parsed.v, name: parsed.n, asOfMs: parsed.t };
}
