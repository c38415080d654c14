// The origins the app is served from (http://HOST:PORT and its loopback and interface aliases, plus
// PUBLIC_URL), set once the server listens. One list serves the Host check that stops DNS
// rebinding, the CSRF check on cookie writes, socket.io's Origin check and the auth library's
// trusted origins. On globalThis: the server and Next's route bundle are two module instances.
const g = globalThis as typeof globalThis & { __eventscopeAppOrigins?: string[] };

/** Before the server listens (tests calling route handlers directly): any port on loopback. */
const LOOPBACK_PATTERNS = ["http://localhost:*", "http://127.0.0.1:*", "http://[::1]:*"];

function normalise(origin: string): string {
  return origin.toLowerCase().replace(/\/$/, "");
}

export function setAppOrigins(origins: readonly string[]): void {
  const list = (g.__eventscopeAppOrigins ??= []);
  // Mutated in place: the auth library holds on to the array it was configured with.
  list.splice(0, list.length, ...new Set(origins.map(normalise)));
}

/** The origins (exact, or LOOPBACK_PATTERNS before setAppOrigins ran). */
export function currentAppOrigins(): string[] {
  const list = (g.__eventscopeAppOrigins ??= []);
  if (list.length === 0) list.push(...LOOPBACK_PATTERNS);
  return list;
}

function matches(pattern: string, value: string): boolean {
  if (!pattern.includes("*")) return pattern === value;
  const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[0-9]+")}$`);
  return re.test(value);
}

export function isAppOrigin(origin: string | null | undefined): boolean {
  if (!origin) return false;
  const o = normalise(origin);
  return currentAppOrigins().some((p) => matches(p, o));
}

/** True when a Host header names the app (host:port of one of its origins). */
export function isAppHost(host: string | null | undefined): boolean {
  if (!host) return false;
  const h = host.toLowerCase();
  // An origin on a default port (https://example.com) has no port, and neither has its Host header.
  return currentAppOrigins().some((p) => matches(p.replace(/^https?:\/\//, ""), h));
}
