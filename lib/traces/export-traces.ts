// POST /v1/traces, the OTLP/HTTP trace receiver: the body read within the ingest limits (gzip
// allowed), decoded by its Content-Type (JSON mapping or protobuf), normalised, stored, and answered
// as OTLP asks — ExportTraceServiceResponse in the request's encoding, with partialSuccess naming
// spans refused one by one. Whole-request problems are AppErrors: 415 type, 413 size, 400 body.
import "server-only";
import { ZodError } from "zod";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { timeIngestWrite } from "@/lib/ingest/admit-ingest";
import { readIngestBody } from "@/lib/ingest/read-body";
import { log } from "@/lib/log";
import { countSpans, normalizeRequest } from "@/lib/traces/normalize-spans";
import { otlpJsonRequest, type OtlpRequest } from "@/lib/traces/otlp-json";
import { decodeProtobufRequest, encodeProtobufResponse, type ExportResult } from "@/lib/traces/otlp-proto";
import { storeSpans } from "@/lib/traces/store-spans";

export type OtlpEncoding = "json" | "protobuf";

export const JSON_TYPE = "application/json";
export const PROTOBUF_TYPE = "application/x-protobuf";

/** The encoding a Content-Type names; 415 for anything else. */
export function encodingOf(contentType: string | null): OtlpEncoding {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === JSON_TYPE) return "json";
  if (type === PROTOBUF_TYPE || type === "application/protobuf") return "protobuf";
  throw new AppError(
    "unsupported_media_type",
    `Content-Type ${type ? `"${type}"` : "(none)"} is not OTLP/HTTP; send ${JSON_TYPE} or ${PROTOBUF_TYPE}`,
  );
}

function parseJson(body: Buffer): OtlpRequest {
  const text = body.toString("utf8");
  if (text.trim() === "") return {}; // an empty export is valid OTLP: nothing to store
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new AppError("invalid_json", `the body is not JSON: ${reason}`);
  }
  const parsed = otlpJsonRequest.safeParse(raw);
  if (!parsed.success)
    // Named by path, e.g. resourceSpans.0.scopeSpans.0.spans.3.startTimeUnixNano.
    throw new ZodError(parsed.error.issues);
  return parsed.data;
}

export type Exported = ExportResult & { accepted: number; encoding: OtlpEncoding };

/** Reads, decodes and stores one export request. */
export async function exportTraces(req: Request, nowMs = Date.now()): Promise<Exported> {
  const encoding = encodingOf(req.headers.get("content-type"));
  const e = env();
  const body = await readIngestBody(req, { maxBytes: e.INGEST_MAX_BODY_BYTES });
  const request = encoding === "json" ? parseJson(body) : decodeProtobufRequest(body);
  const total = countSpans(request);
  if (total > e.INGEST_MAX_ITEMS)
    throw new AppError(
      "payload_too_large",
      `the request holds ${total} spans, over the limit of ${e.INGEST_MAX_ITEMS} per request; export smaller batches`,
    );
  const normalized = normalizeRequest(request, nowMs);
  const stored = await timeIngestWrite(
    "otlp",
    () => storeSpans(normalized.spans),
    (s) => ({
      bytes: body.length,
      stored: s.inserted,
      duplicates: normalized.spans.length - s.inserted,
      rejected: normalized.rejected,
    }),
  );
  if (normalized.rejected > 0)
    log.info({ rejected: normalized.rejected, reasons: normalized.reasons }, "otlp: spans refused");
  return {
    encoding,
    accepted: stored.inserted,
    rejectedSpans: normalized.rejected,
    errorMessage: normalized.reasons.join("; "),
  };
}

/** The OTLP success response in the request's encoding. */
export function exportResponse(result: Exported): Response {
  if (result.encoding === "protobuf")
    return new Response(Buffer.from(encodeProtobufResponse(result)), {
      status: 200,
      headers: { "content-type": PROTOBUF_TYPE },
    });
  const body =
    result.rejectedSpans > 0
      ? {
          partialSuccess: {
            rejectedSpans: String(result.rejectedSpans),
            errorMessage: result.errorMessage,
          },
        }
      : {};
  return Response.json(body, { status: 200 });
}
