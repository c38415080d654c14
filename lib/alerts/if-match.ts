// Optimistic concurrency for rule edits: `If-Match: "<version>"` (or a bare number) says which
// version the client read; absent, the write is unconditional.
import { AppError } from "@/lib/errors";

export function expectedVersion(req: Request): number | undefined {
  const raw = req.headers.get("if-match");
  if (raw === null) return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(raw);
  if (!m) throw new AppError("bad_request", 'If-Match: must be the rule\'s version, e.g. "3"');
  return Number(m[1]);
}
