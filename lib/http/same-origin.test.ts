import { describe, expect, it } from "vitest";
import { isSameOriginRequest } from "@/lib/http/same-origin";

function req(method: string, headers: Record<string, string>): Request {
  return new Request("http://127.0.0.1:3000/api/v1/users", { method, headers });
}

describe("isSameOriginRequest", () => {
  it("lets reads through whatever their origin", () => {
    expect(isSameOriginRequest(req("GET", { origin: "https://evil.example" }))).toBe(true);
    expect(isSameOriginRequest(req("HEAD", {}))).toBe(true);
  });

  it("accepts a write from the app's own origin or its public URL", () => {
    expect(isSameOriginRequest(req("POST", { origin: "http://127.0.0.1:3000" }))).toBe(true);
    expect(
      isSameOriginRequest(
        req("DELETE", { origin: "https://eventscope.example.com" }),
        (o) => o === "https://eventscope.example.com",
      ),
    ).toBe(true);
    expect(isSameOriginRequest(req("PATCH", { "sec-fetch-site": "same-origin" }))).toBe(true);
  });

  it("refuses a cross-site write: another origin, an opaque origin, no origin at all", () => {
    expect(isSameOriginRequest(req("POST", { origin: "https://evil.example" }))).toBe(false);
    expect(isSameOriginRequest(req("POST", { origin: "http://127.0.0.1:3001" }))).toBe(false);
    expect(isSameOriginRequest(req("PUT", { origin: "null" }))).toBe(false);
    expect(isSameOriginRequest(req("POST", { "sec-fetch-site": "cross-site" }))).toBe(false);
    expect(isSameOriginRequest(req("POST", {}))).toBe(false);
    // A same-site form on another port or subdomain is still another origin.
    expect(isSameOriginRequest(req("POST", { "sec-fetch-site": "same-site" }))).toBe(false);
  });
});
