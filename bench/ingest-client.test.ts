// The benchmarks' ingest client: a 429 is waited out for its Retry-After and the same batch sent
// again; a reset connection is sent again and its duplicates count as sent.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { IngestClient } from "./ingest-client";

const servers: http.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A server answering each request with the next of `answers` (a reset destroys the socket). */
async function serve(answers: ({ status: number; body: object; retryAfter?: string } | "reset")[]) {
  const seen: { body: number }[] = [];
  const server = http.createServer((req, res) => {
    let bytes = 0;
    req.on("data", (c: Buffer) => (bytes += c.length));
    req.on("end", () => {
      seen.push({ body: bytes });
      const a = answers.shift();
      if (!a || a === "reset") return req.socket.destroy();
      res
        .writeHead(a.status, a.retryAfter ? { "retry-after": a.retryAfter } : {})
        .end(JSON.stringify(a.body));
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { port: (server.address() as AddressInfo).port, seen };
}

describe("IngestClient", () => {
  it("waits out a 429's Retry-After, sends the same batch again and counts the refusal", async () => {
    const { port, seen } = await serve([
      { status: 429, body: { error: { code: "overloaded" } }, retryAfter: "1" },
      { status: 202, body: { accepted: 3, duplicates: 0 } },
    ]);
    const client = new IngestClient(port, "esc_test", 1);
    expect(await client.send(Buffer.from("batch"))).toBe(3);
    client.close();
    expect(client.rejections).toBe(1);
    expect(seen.map((s) => s.body)).toEqual([5, 5]);
    expect(client.waitedSeconds).toBeGreaterThanOrEqual(1);
  });

  it("sends again after a reset and counts what the retry found already stored", async () => {
    const { port, seen } = await serve(["reset", { status: 202, body: { accepted: 1, duplicates: 2 } }]);
    const client = new IngestClient(port, "esc_test", 1);
    expect(await client.send(Buffer.from("batch"))).toBe(3);
    client.close();
    expect(client.networkRetries).toBe(1);
    expect(seen).toHaveLength(2);
  });

  it("fails on any other answer", async () => {
    const { port } = await serve([{ status: 400, body: { error: { code: "bad_request" } } }]);
    const client = new IngestClient(port, "esc_test", 1);
    await expect(client.send(Buffer.from("batch"))).rejects.toThrow(/ingest answered 400/);
    client.close();
  });
});
