// Request size limits for every route, checked before Next reads a byte: a declared
// Content-Length over the route's limit is 413, and a body without a length (chunked) is 411 —
// except on ingest, whose handler counts the bytes of a stream itself (lib/ingest/read-body.ts).
import type { IncomingMessage } from "node:http";

export type BodyLimits = { ingestBytes: number; otherBytes: number };
export type BodyVerdict = { ok: true } | { ok: false; status: 411 | 413; message: string };

const INGEST_PATH = "/api/v1/ingest";

export function checkRequestBody(
  req: Pick<IncomingMessage, "url" | "headers">,
  limits: BodyLimits,
): BodyVerdict {
  const path = (req.url ?? "/").split("?")[0];
  const streamsItself = path === INGEST_PATH;
  const limit = streamsItself ? limits.ingestBytes : limits.otherBytes;
  const length = req.headers["content-length"];
  if (length !== undefined) {
    const n = Number(length);
    if (Number.isFinite(n) && n > limit)
      return {
        ok: false,
        status: 413,
        message: `request body of ${n} bytes is over this route's limit of ${limit} bytes`,
      };
    return { ok: true };
  }
  if (req.headers["transfer-encoding"] && !streamsItself)
    return { ok: false, status: 411, message: "a request body needs a Content-Length header here" };
  return { ok: true };
}
