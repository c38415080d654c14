import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/health/route";
import { closeDatabase, setDatabaseUrl } from "@/lib/db/client";
import { pingDatabase } from "@/lib/db/ping";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await closeDatabase();
  setDatabaseUrl(db.url);
  await db.drop();
});

async function health(): Promise<{ status: number; body: unknown }> {
  const res = await GET(new Request("http://localhost/api/health"), { params: Promise.resolve({}) });
  return { status: res.status, body: await res.json() };
}

describe("GET /api/health", () => {
  it("is ok when the database answers", async () => {
    expect(await health()).toEqual({ status: 200, body: { status: "ok", db: "ok" } });
  });

  it("is 503 with the database's error when it does not", async () => {
    await closeDatabase();
    setDatabaseUrl("postgresql://nobody@127.0.0.1:1/none");
    const res = await health();
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: "error", db: expect.stringContaining("ECONNREFUSED") });
    await closeDatabase();
  });

  it("gives up after the deadline when the server never answers", async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => sockets.push(s)); // accepts connections, never speaks
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const port = (silent.address() as net.AddressInfo).port;
    setDatabaseUrl(`postgresql://nobody@127.0.0.1:${port}/none`);
    const started = Date.now();
    await expect(pingDatabase(300)).rejects.toThrow("no answer within 300 ms");
    expect(Date.now() - started).toBeLessThan(2000);
    for (const s of sockets) s.destroy(); // lets the pool's pending connect fail, so it can close
    await closeDatabase();
    silent.close();
  });
});
