import { describe, expect, it } from "vitest";
import { appOrigins, isAllowedOrigin } from "@/server/origins";

describe("appOrigins", () => {
  it("lists the configured host and the loopback names on the port", () => {
    expect(appOrigins("127.0.0.1", 3000, [])).toEqual([
      "http://localhost:3000",
      "http://127.0.0.1:3000",
      "http://[::1]:3000",
    ]);
    expect(appOrigins("eventscope.lan", 8080, [])).toContain("http://eventscope.lan:8080");
  });

  it("adds each interface address when listening on every interface, not the wildcard itself", () => {
    const origins = appOrigins("0.0.0.0", 3000, ["127.0.0.1", "192.168.1.20", "fe80::1"]);
    expect(origins).toContain("http://192.168.1.20:3000");
    expect(origins).toContain("http://[fe80::1]:3000");
    expect(origins).not.toContain("http://0.0.0.0:3000");
  });
});

describe("isAllowedOrigin", () => {
  const allowed = appOrigins("127.0.0.1", 3000, []);
  it("allows the app's own origins and clients without an Origin header", () => {
    expect(isAllowedOrigin("http://localhost:3000", allowed)).toBe(true);
    expect(isAllowedOrigin("HTTP://LOCALHOST:3000", allowed)).toBe(true);
    expect(isAllowedOrigin(undefined, allowed)).toBe(true);
  });

  it("refuses other sites, other ports, other schemes and the opaque origin", () => {
    for (const o of [
      "http://evil.example",
      "http://localhost:3001",
      "https://localhost:3000",
      "null",
      "http://localhost:3000.evil.example",
    ]) {
      expect(isAllowedOrigin(o, allowed)).toBe(false);
    }
  });
});
