// Reads an ingest request body within limits: never buffers more than maxBytes of the wire body
// (a Content-Length over it is refused before reading), inflates gzip with the same cap on the
// inflated size (a zip bomb stops at the cap), and names what is wrong in the error. Content-Type
// is not enforced: fetch() labels a string body text/plain, and the JSON parse says what is wrong.
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { AppError } from "@/lib/errors";
import { readCapped } from "@/lib/http/read-capped";

const gunzipAsync = promisify(gunzip);
/** zlib's 16 KiB default means a callback (and a buffer) per 16 KiB of output; fewer, larger ones are cheaper. */
const INFLATE_CHUNK = 256 * 1024;

export type BodyLimits = { maxBytes: number };

function tooLarge(what: string, maxBytes: number): AppError {
  return new AppError(
    "payload_too_large",
    `${what} is larger than the limit of ${maxBytes} bytes; send smaller batches`,
  );
}

function encodingOf(req: Request): "identity" | "gzip" {
  const raw = (req.headers.get("content-encoding") ?? "").trim().toLowerCase();
  if (raw === "" || raw === "identity") return "identity";
  if (raw === "gzip" || raw === "x-gzip") return "gzip";
  throw new AppError(
    "unsupported_media_type",
    `Content-Encoding "${raw}" is not supported; send gzip or no encoding`,
  );
}

async function inflate(compressed: Buffer, maxBytes: number): Promise<Buffer> {
  try {
    // maxOutputLength makes zlib stop (ERR_BUFFER_TOO_LARGE) instead of allocating a bomb's output.
    return await gunzipAsync(compressed, { maxOutputLength: maxBytes, chunkSize: INFLATE_CHUNK });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "ERR_BUFFER_TOO_LARGE") throw tooLarge("the inflated gzip body", maxBytes);
    const reason = err instanceof Error ? err.message : String(err);
    throw new AppError("bad_request", `gzip body does not inflate: ${reason}`);
  }
}

/** The request body as bytes (inflated when gzip), within `limits.maxBytes` before and after inflating. */
export async function readIngestBody(req: Request, limits: BodyLimits): Promise<Buffer> {
  const encoding = encodingOf(req);
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > limits.maxBytes)
    throw tooLarge(`the body (Content-Length ${declared})`, limits.maxBytes);
  const raw = await readCapped(req, limits.maxBytes, () => tooLarge("the body", limits.maxBytes));
  return encoding === "gzip" ? inflate(raw, limits.maxBytes) : raw;
}
