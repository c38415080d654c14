import { describe, expect, it } from "vitest";
import { roleFrom, runsJobs, servesWeb } from "@/server/roles";

describe("roleFrom", () => {
  it("reads --role with a space or an equals sign, and falls back to ROLE", () => {
    expect(roleFrom(["--role", "web"], "all")).toBe("web");
    expect(roleFrom(["--role=worker"], "all")).toBe("worker");
    expect(roleFrom([], "worker")).toBe("worker");
  });

  it("refuses an unknown or missing role with the choices", () => {
    expect(() => roleFrom(["--role", "api"], "all")).toThrow(/web, worker, all.*"api"/);
    expect(() => roleFrom(["--role"], "all")).toThrow(/got ""/);
  });

  it("web serves and runs no jobs; worker the opposite; all both", () => {
    expect([servesWeb("web"), runsJobs("web")]).toEqual([true, false]);
    expect([servesWeb("worker"), runsJobs("worker")]).toEqual([false, true]);
    expect([servesWeb("all"), runsJobs("all")]).toEqual([true, true]);
  });
});
