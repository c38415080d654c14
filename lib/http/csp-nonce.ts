// The request's CSP nonce (set by the server's request guard), for the few inline scripts the app
// writes itself; Next stamps its own scripts with the same nonce.
export function cspNonce(headers: Headers): string | undefined {
  const csp = headers.get("content-security-policy") ?? "";
  return /'nonce-([A-Za-z0-9+/_=-]+)'/.exec(csp)?.[1];
}
