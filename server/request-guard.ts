// What every request passes before Next sees it: the client's address is recorded in one trusted
// header; a Host that is not the app's own is refused (a DNS-rebinding page would otherwise reach
// a loopback-bound server as if it were its own origin); bodies over the limit are refused; and
// the security headers are set.
import type { IncomingMessage, ServerResponse } from "node:http";
import { isAppHost } from "@/lib/http/app-origins";
import { CLIENT_ADDRESS_HEADER, REQUEST_PATH_HEADER, clientAddressOf } from "@/lib/http/client-address";
import { checkRequestBody, type BodyLimits } from "@/server/body-limit";
import { applySecurityHeaders, type SecurityHeaderOptions } from "@/server/security-headers";

export type GuardOptions = { limits: BodyLimits; trustProxy: boolean; headers: SecurityHeaderOptions };

/** A request guard: false when it has answered the request itself (refused it). */
export type RequestGuard = (req: IncomingMessage, res: ServerResponse) => boolean;

function refuse(res: ServerResponse, status: number, code: string, message: string): false {
  res.writeHead(status, { "content-type": "application/json", connection: "close" });
  res.end(JSON.stringify({ error: { code, message } }));
  return false;
}

export function createRequestGuard(opts: GuardOptions): RequestGuard {
  return (req, res) => {
    req.headers[CLIENT_ADDRESS_HEADER] = clientAddressOf(req, opts.trustProxy);
    req.headers[REQUEST_PATH_HEADER] = req.url ?? "/";
    if (!isAppHost(req.headers.host))
      return refuse(
        res,
        421,
        "misdirected_request",
        `this server does not answer to the host "${req.headers.host ?? ""}"; reach it by its own address, or set PUBLIC_URL to the address people use`,
      );
    const body = checkRequestBody(req, opts.limits);
    if (!body.ok)
      return refuse(
        res,
        body.status,
        body.status === 413 ? "payload_too_large" : "length_required",
        body.message,
      );
    applySecurityHeaders(req, res, opts.headers);
    return true;
  };
}
