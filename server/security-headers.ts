// Security headers on every response, and the per-request nonce that lets the app's own scripts
// (Next's bootstrap, the theme script) run under a strict Content-Security-Policy. The policy also
// goes into the request's headers: that is where Next reads the nonce to stamp its inline scripts.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

export type SecurityHeaderOptions = {
  /** Next's development mode evaluates code (React refresh) and talks to its HMR socket. */
  dev: boolean;
  /** Send Strict-Transport-Security (only when the app is reached over https). */
  hsts: boolean;
};

export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    // Charts and layout set style attributes; those cannot carry a nonce.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}

export function applySecurityHeaders(
  req: IncomingMessage,
  res: ServerResponse,
  opts: SecurityHeaderOptions,
): void {
  const nonce = randomBytes(16).toString("base64");
  const csp = contentSecurityPolicy(nonce, opts.dev);
  req.headers["content-security-policy"] = csp;
  res.setHeader("Content-Security-Policy", csp);
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
  if (opts.hsts) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
}
