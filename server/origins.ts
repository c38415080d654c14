// The browser origins the app itself is served from, for the socket.io handshake's Origin check.
// A page on another site could otherwise open a WebSocket to /live: WebSockets ignore CORS.
import { networkInterfaces } from "node:os";

const WILDCARD_HOSTS = new Set(["0.0.0.0", "::", "[::]", ""]);

function hostPart(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

/**
 * http://HOST:PORT, http://localhost:PORT and http://127.0.0.1:PORT (and [::1]); when HOST is a
 * wildcard, also each local interface address, the way a browser on the LAN reaches the app.
 * Host names other than these are not trusted from the Host header: that would let a DNS-rebinding
 * page pass as same-origin.
 */
export function appOrigins(host: string, port: number, interfaces = localAddresses()): string[] {
  const hosts = new Set(["localhost", "127.0.0.1", "[::1]"]);
  if (WILDCARD_HOSTS.has(host)) for (const a of interfaces) hosts.add(hostPart(a));
  else hosts.add(hostPart(host));
  return [...hosts].map((h) => `http://${h}:${port}`);
}

/**
 * Everything the app is reached by: its listening address (appOrigins), PUBLIC_URL, and the
 * private-network names of APP_HOSTS (`app:3000` → http://app:3000).
 */
export function serverOrigins(
  o: { host: string; port: number; publicUrl?: string; appHosts: readonly string[] },
  interfaces = localAddresses(),
): string[] {
  return [
    ...appOrigins(o.host, o.port, interfaces),
    ...(o.publicUrl ? [new URL(o.publicUrl).origin] : []),
    ...o.appHosts.map((h) => `http://${h}`),
  ];
}

function localAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flatMap((list) => list ?? [])
    .map((i) => i.address);
}

/** A missing Origin is a non-browser client (browsers always send one on WebSocket and CORS requests). */
export function isAllowedOrigin(origin: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  return allowed.includes(origin.toLowerCase().replace(/\/$/, ""));
}
