// Collector token format: "esc_" + 32 random bytes in base64url. Only the SHA-256 (hex) is stored;
// the first 8 characters are kept for display, so an operator can tell tokens apart in lists.
import { createHash, randomBytes } from "node:crypto";

export const TOKEN_PREFIX = "esc_";
export const DISPLAY_PREFIX_LENGTH = 8;
const TOKEN = /^esc_[A-Za-z0-9_-]{43}$/;

export type NewToken = { token: string; hash: string; displayPrefix: string };

export function generateToken(): NewToken {
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  return { token, hash: hashToken(token), displayPrefix: token.slice(0, DISPLAY_PREFIX_LENGTH) };
}

/** A fast hash is right here: tokens carry 256 random bits, so there is nothing to brute-force. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function isWellFormedToken(token: string): boolean {
  return TOKEN.test(token);
}
