import { describe, expect, it } from "vitest";
import { isMainThreadProfile, sourceOf } from "./cpu-profile";

describe("bench:load's CPU profile summary", () => {
  it("names where a frame's code comes from", () => {
    const root = "file:///work/app";
    expect(sourceOf(`${root}/node_modules/@socket.io/postgres-adapter/dist/index.js`, "f", root)).toBe(
      "@socket.io/postgres-adapter",
    );
    expect(sourceOf(`${root}/node_modules/pg/lib/client.js`, "f", root)).toBe("pg");
    expect(sourceOf(`${root}/.next/server/app/api/v1/ingest/route.js`, "C", root)).toBe(
      "route: api/v1/ingest",
    );
    expect(sourceOf(`${root}/.next/server/chunks/611.js`, "a", root)).toBe("next bundle: chunks");
    expect(sourceOf(`${root}/lib/live/hub.ts`, "recordIngest", root)).toBe("app: lib/live");
    expect(sourceOf(`${root}/server/live-hints.ts`, "poke", root)).toBe("app: server/live-hints.ts");
    expect(sourceOf("node:internal/streams/writable", "write")).toBe("node: internal");
    expect(sourceOf("", "(garbage collector)")).toBe("(garbage collector)");
    expect(sourceOf("", "writev")).toBe("(native)");
  });

  it("picks the main thread's profile, not the module loader's worker", () => {
    expect(isMainThreadProfile("CPU.20261205.011227.13959.0.001.cpuprofile")).toBe(true);
    expect(isMainThreadProfile("CPU.20261205.011228.13959.1.002.cpuprofile")).toBe(false);
  });
});
