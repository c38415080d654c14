// Request size limits for every route, checked before Next reads a byte: a declared
// Content-Length over the route's limit is 413, and a body without a length (chunked) is 411 —
// except on ingest and the OTLP trace receiver, whose handlers count the bytes of a stream
// themselves (lib/ingest/read-body.ts) and get the ingest limit.
import type { IncomingMessage } from "node:http";

export type BodyLimits = { ingestBytes: number; otherBytes: number };
export type BodyVerdict = { ok: true } | { ok: false; status: 411 | 413; message: string };

/** Routes that read their body through readIngestBody (OTLP exporters may send it chunked). */
const STREAMING_PATHS = new Set(["/api/v1/ingest", "/v1/traces"]);

export function checkRequestBody(
  req: Pick<IncomingMessage, "url" | "headers">,
  limits: BodyLimits,
): BodyVerdict {
  const path = (req.url ?? "/").split("?")[0];
  const streamsItself = STREAMING_PATHS.has(path ?? "");
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
