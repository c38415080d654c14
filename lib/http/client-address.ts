// The caller's network address, as the server saw it. The request guard (server/request-guard.ts)
// writes it into one request header, replacing whatever a client sent under that name, so route
// handlers, the auth library and the audit log all read the same trusted value. The requested path
// travels the same way, for the sign-in redirect's way back.
import type { IncomingMessage } from "node:http";

export const CLIENT_ADDRESS_HEADER = "x-eventscope-client-address";
/** The path and query the browser asked for (server components cannot see the URL otherwise). */
export const REQUEST_PATH_HEADER = "x-eventscope-path";

/** The socket's address, or with trustProxy the left-most X-Forwarded-For entry (the proxy's client). */
export function clientAddressOf(
  req: Pick<IncomingMessage, "headers" | "socket">,
  trustProxy: boolean,
): string {
  if (trustProxy) {
    const forwarded = req.headers["x-forwarded-for"];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
    if (first) return first;
  }
  const raw = req.socket.remoteAddress ?? "";
  return raw.startsWith("::ffff:") ? raw.slice(7) : raw;
}

export function clientAddress(headers: Headers): string | null {
  return headers.get(CLIENT_ADDRESS_HEADER);
}

export function isLoopbackAddress(address: string | null | undefined): boolean {
  if (!address) return false;
  return (
    address === "::1" ||
    address === "127.0.0.1" ||
    address.startsWith("127.") ||
    address === "::ffff:127.0.0.1"
  );
}
