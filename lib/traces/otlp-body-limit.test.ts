// The OTLP receiver gets ingest's body limit and may stream without a Content-Length (exporters
// send chunked bodies), like ingest; other routes keep the small default.
import { describe, expect, it } from "vitest";
import { checkRequestBody } from "@/server/body-limit";

const limits = { ingestBytes: 4096, otherBytes: 1024 };

describe("checkRequestBody on /v1/traces", () => {
  it("allows the ingest limit and refuses past it", () => {
    expect(checkRequestBody({ url: "/v1/traces", headers: { "content-length": "3000" } }, limits)).toEqual({
      ok: true,
    });
    expect(
      checkRequestBody({ url: "/v1/traces", headers: { "content-length": "5000" } }, limits),
    ).toMatchObject({
      ok: false,
      status: 413,
    });
  });
  it("lets a chunked body through to the handler, which counts it", () => {
    expect(
      checkRequestBody({ url: "/v1/traces?x=1", headers: { "transfer-encoding": "chunked" } }, limits),
    ).toEqual({
      ok: true,
    });
    expect(
      checkRequestBody({ url: "/v1/other", headers: { "transfer-encoding": "chunked" } }, limits),
    ).toMatchObject({
      status: 411,
    });
  });
});
