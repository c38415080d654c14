// Bearer token format, one for each kind of holder: "esc_" (collector) or "esk_" (a user's
// personal API token), then 32 random bytes in base64url. Only the SHA-256 (hex) is stored; the
// first 8 characters are kept for display, so tokens can be told apart in lists.
import { createHash, randomBytes } from "node:crypto";

export const TOKEN_PREFIXES = { collector: "esc_", personal: "esk_" } as const;
export type TokenKind = keyof typeof TOKEN_PREFIXES;

/** The collector prefix, which older call sites and messages name. */
export const TOKEN_PREFIX = TOKEN_PREFIXES.collector;
export const DISPLAY_PREFIX_LENGTH = 8;
const BODY = /^[A-Za-z0-9_-]{43}$/;

export type NewToken = { token: string; hash: string; displayPrefix: string };

export function generateToken(kind: TokenKind = "collector"): NewToken {
  const token = TOKEN_PREFIXES[kind] + randomBytes(32).toString("base64url");
  return { token, hash: hashToken(token), displayPrefix: token.slice(0, DISPLAY_PREFIX_LENGTH) };
}

/** A fast hash is right here: tokens carry 256 random bits, so there is nothing to brute-force. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function isWellFormedToken(token: string, kind: TokenKind = "collector"): boolean {
  const prefix = TOKEN_PREFIXES[kind];
  return token.startsWith(prefix) && BODY.test(token.slice(prefix.length));
}
