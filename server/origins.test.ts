import { afterEach, describe, expect, it } from "vitest";
import { env, resetEnvForTests } from "@/lib/env";
import { isAppHost, setAppOrigins } from "@/lib/http/app-origins";
import { appOrigins, isAllowedOrigin, serverOrigins } from "@/server/origins";

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

describe("serverOrigins", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    resetEnvForTests();
    setAppOrigins([]);
  });

  it("adds PUBLIC_URL and each APP_HOSTS name, which the Host check then accepts", () => {
    process.env = {
      ...saved,
      APP_HOSTS: " App:3000, collectors.internal ",
      PUBLIC_URL: "https://es.example.com/",
    };
    resetEnvForTests();
    const e = env();
    expect(e.APP_HOSTS).toEqual(["app:3000", "collectors.internal"]);
    setAppOrigins(
      serverOrigins({ host: "0.0.0.0", port: 3000, publicUrl: e.PUBLIC_URL, appHosts: e.APP_HOSTS }, []),
    );
    expect(isAppHost("app:3000")).toBe(true);
    expect(isAppHost("collectors.internal")).toBe(true);
    expect(isAppHost("es.example.com")).toBe(true);
    expect(isAppHost("app:3001")).toBe(false);
    expect(isAppHost("evil.example")).toBe(false);
  });

  it("refuses an APP_HOSTS entry with a scheme or a path", () => {
    process.env = { ...saved, APP_HOSTS: "http://app:3000" };
    resetEnvForTests();
    expect(() => env()).toThrow(/APP_HOSTS.*host or host:port/);
    process.env = { ...saved, APP_HOSTS: "app:3000/x" };
    resetEnvForTests();
    expect(() => env()).toThrow(/APP_HOSTS/);
  });
});
