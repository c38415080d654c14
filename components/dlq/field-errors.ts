// The server's field-level errors ({path, message}[] in an ApiError's details) by path, so a form
// can show each one next to its field; what no field shows stays in the form's error line.
import { ApiError } from "@/lib/http/api-client";

export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError) || !Array.isArray(err.details)) return {};
  const out: Record<string, string> = {};
  for (const d of err.details as unknown[]) {
    if (d && typeof d === "object" && "path" in d && "message" in d) {
      const { path, message } = d as { path: unknown; message: unknown };
      if (typeof path === "string" && typeof message === "string") out[path] ??= message;
    }
  }
  return out;
}

/** The error line for a failed call whose field errors are shown elsewhere (or none). */
export function formMessage(err: unknown, shownPaths: readonly string[]): string | null {
  if (!err) return null;
  const fields = fieldErrors(err);
  const rest = Object.keys(fields).filter((p) => !shownPaths.some((s) => p === s || p.startsWith(`${s}.`)));
  if (Object.keys(fields).length > 0 && rest.length === 0) return "Fix the fields marked above.";
  return err instanceof Error ? err.message : "That did not work.";
}
