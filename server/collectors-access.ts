// Who may open /collectors: the holder of a valid collector token, sent in the handshake as
// `auth: { token }`. Re-run on the open socket when access changes are announced and every 30 s,
// so a rotated or revoked token ends the connection. The token is never logged.
import { authenticateCollector } from "@/lib/auth/collector-tokens";
import { isWellFormedToken, TOKEN_PREFIX } from "@/lib/auth/token-format";
import { AppError } from "@/lib/errors";

export type CollectorVerdict =
  { ok: true; collectorId: string; name: string } | { ok: false; reason: string };

/** Throws only when the check itself failed (database down): then nobody knows, and nothing is decided. */
export async function authorizeCollectorToken(token: unknown): Promise<CollectorVerdict> {
  if (typeof token !== "string" || token === "")
    return {
      ok: false,
      reason: `missing collector token: connect with auth: { token: "${TOKEN_PREFIX}…" }`,
    };
  if (!isWellFormedToken(token))
    return {
      ok: false,
      reason: `malformed collector token: expected "${TOKEN_PREFIX}" followed by 43 base64url characters`,
    };
  try {
    const c = await authenticateCollector(`Bearer ${token}`);
    return { ok: true, collectorId: c.id, name: c.name };
  } catch (err) {
    if (err instanceof AppError && err.code === "unauthorized") return { ok: false, reason: err.message };
    throw err;
  }
}

/** The reason an open socket's token stopped working, worded for the collector that held it. */
export function endedReason(name: string, verdict: { reason: string }): string {
  // A rotated token is simply unknown now; say what most likely happened.
  return verdict.reason.startsWith("unknown collector token")
    ? `the token of collector "${name}" was rotated or revoked; restart the collector with its new token`
    : verdict.reason;
}
