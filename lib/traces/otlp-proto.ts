// OTLP/HTTP protobuf: the request decoded with protobufjs from the embedded definitions into the same
// plain shape as the JSON mapping (ids in base64 there, which the normaliser tells from hex by length),
// and the response encoded. The root is parsed once per process.
import protobuf from "protobufjs";
import { AppError } from "@/lib/errors";
import type { OtlpRequest } from "@/lib/traces/otlp-json";
import { COMMON_PROTO, RESOURCE_PROTO, TRACE_PROTO, TRACE_SERVICE_PROTO } from "@/lib/traces/otlp-proto-text";

type Types = { request: protobuf.Type; response: protobuf.Type };
let types: Types | undefined;

function otlpTypes(): Types {
  if (!types) {
    const root = new protobuf.Root();
    for (const text of [COMMON_PROTO, RESOURCE_PROTO, TRACE_PROTO, TRACE_SERVICE_PROTO])
      protobuf.parse(text, root, { keepCase: false });
    root.resolveAll();
    types = {
      request: root.lookupType("opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest"),
      response: root.lookupType("opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse"),
    };
  }
  return types;
}

/** Protobuf bytes → the JSON mapping's shape (int64 as decimal strings, bytes as base64, enums as numbers). */
export function decodeProtobufRequest(body: Uint8Array): OtlpRequest {
  const { request } = otlpTypes();
  let message: protobuf.Message;
  try {
    message = request.decode(body);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new AppError(
      "bad_request",
      `the body is not an OTLP ExportTraceServiceRequest in protobuf: ${reason}`,
    );
  }
  return request.toObject(message, { longs: String, bytes: String, enums: Number }) as OtlpRequest;
}

export type ExportResult = { rejectedSpans: number; errorMessage: string };

/** ExportTraceServiceResponse; partial_success only when something was refused, as the spec asks. */
export function encodeProtobufResponse(result: ExportResult): Uint8Array {
  const { response } = otlpTypes();
  const body =
    result.rejectedSpans > 0
      ? { partialSuccess: { rejectedSpans: result.rejectedSpans, errorMessage: result.errorMessage } }
      : {};
  return response.encode(response.fromObject(body)).finish();
}
