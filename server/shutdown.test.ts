import { describe, expect, it } from "vitest";
import { silentLog } from "@/collectors/core/log";
import { installShutdown } from "@/server/shutdown";

class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}
const exit = (code: number): never => {
  throw new Exit(code);
};

describe("installShutdown", () => {
  it("runs steps in reverse order of registration, once, and exits 0", async () => {
    const order: string[] = [];
    const s = installShutdown(silentLog, { exit, handleSignals: false });
    s.defer("postgres", () => void order.push("postgres"));
    s.defer("pool", async () => {
      await new Promise((r) => setTimeout(r, 10));
      order.push("pool");
    });
    s.defer("http", () => void order.push("http"));
    s.defer("demo", () => void order.push("demo"));
    const first = s.run("SIGTERM");
    const again = s.run("SIGTERM");
    await expect(first).rejects.toEqual(new Exit(0));
    await expect(again).rejects.toEqual(new Exit(0));
    expect(order).toEqual(["demo", "http", "pool", "postgres"]);
  });

  it("goes on after a failing step and exits 1", async () => {
    const order: string[] = [];
    const s = installShutdown(silentLog, { exit, handleSignals: false });
    s.defer("postgres", () => void order.push("postgres"));
    s.defer("http", () => {
      throw new Error("boom");
    });
    await expect(s.run("SIGINT")).rejects.toEqual(new Exit(1));
    expect(order).toEqual(["postgres"]);
  });
});
