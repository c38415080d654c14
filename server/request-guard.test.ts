// The guard in front of Next, over a real HTTP server: the handler never sees a body that is too
// large or has no length (except on ingest, which streams and counts itself), nor a foreign Host;
// it sees the client's address in the trusted header, and every answer carries the security headers.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { silentLog } from "@/collectors/core/log";
import { setAppOrigins } from "@/lib/http/app-origins";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import { createAppHttpServer, type AppHttpServer } from "@/server/http-server";
import { createRequestGuard } from "@/server/request-guard";

let app: AppHttpServer | undefined;
let reached: string[] = [];
let seenHeaders: http.IncomingHttpHeaders[] = [];
afterEach(() => {
  app?.server.closeAllConnections();
  app?.server.close();
  app = undefined;
  reached = [];
  seenHeaders = [];
  setAppOrigins([]);
});

async function start(opts: { trustProxy?: boolean } = {}): Promise<number> {
  app = createAppHttpServer(
    async (req, res) => {
      reached.push(req.url ?? "");
      seenHeaders.push(req.headers);
      for await (const _ of req) void _;
      res.end("handled");
    },
    silentLog,
    createRequestGuard({
      limits: { ingestBytes: 4096, otherBytes: 1024 },
      trustProxy: opts.trustProxy ?? false,
      headers: { dev: false, hsts: false },
    }),
  );
  const port = ((await app.listen(0, "127.0.0.1")) as AddressInfo).port;
  setAppOrigins([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  return port;
}

function get(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path, headers }, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }));
    });
    req.on("error", reject);
    req.end();
  });
}

function send(
  port: number,
  path: string,
  body: string,
  chunked = false,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { "content-type": "application/json" };
    if (!chunked) headers["content-length"] = Buffer.byteLength(body);
    const req = http.request({ host: "127.0.0.1", port, path, method: "POST", headers }, (res) => {
      let text = "";
      res.on("data", (c: Buffer) => (text += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    if (chunked) req.write(body);
    req.end(chunked ? undefined : body);
  });
}

describe("request body limits", () => {
  it("refuses a declared length over the route's limit with 413 before the handler runs", async () => {
    const port = await start();
    const res = await send(port, "/api/v1/alerts/rules", "x".repeat(2000));
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text)).toEqual({
      error: {
        code: "payload_too_large",
        message: "request body of 2000 bytes is over this route's limit of 1024 bytes",
      },
    });
    expect(await send(port, "/api/v1/ingest?x=1", "x".repeat(5000))).toMatchObject({ status: 413 });
    expect(reached).toEqual([]);
  });

  it("refuses a chunked body without a length with 411, except on ingest", async () => {
    const port = await start();
    const res = await send(port, "/api/auth/sign-in/email", "{}", true);
    expect(res.status).toBe(411);
    expect(JSON.parse(res.text)).toMatchObject({ error: { code: "length_required" } });
    expect(await send(port, "/api/v1/ingest", "{}", true)).toEqual({ status: 200, text: "handled" });
    expect(await send(port, "/api/v1/overview", "x".repeat(1024))).toEqual({ status: 200, text: "handled" });
    expect(reached).toEqual(["/api/v1/ingest", "/api/v1/overview"]);
  });
});

describe("host check (DNS rebinding)", () => {
  it("answers only to the app's own host names", async () => {
    const port = await start();
    expect((await get(port, "/api/health")).status).toBe(200);
    expect((await get(port, "/api/health", { host: `localhost:${port}` })).status).toBe(200);
    const foreign = await get(port, "/api/health", { host: `attacker.example:${port}` });
    expect(foreign.status).toBe(421);
    expect(JSON.parse(foreign.text)).toMatchObject({
      error: {
        code: "misdirected_request",
        message: expect.stringContaining('"attacker.example:' + port + '"'),
      },
    });
    expect(reached).toEqual(["/api/health", "/api/health"]);
  });
});

describe("client address", () => {
  it("replaces a client-sent address header with the socket's address", async () => {
    const port = await start();
    await get(port, "/", { [CLIENT_ADDRESS_HEADER]: "10.9.9.9", "x-forwarded-for": "10.1.1.1" });
    expect(seenHeaders[0]?.[CLIENT_ADDRESS_HEADER]).toBe("127.0.0.1");
  });

  it("takes the left-most X-Forwarded-For entry only behind a trusted proxy", async () => {
    const port = await start({ trustProxy: true });
    await get(port, "/", { "x-forwarded-for": "203.0.113.7, 10.0.0.2" });
    expect(seenHeaders[0]?.[CLIENT_ADDRESS_HEADER]).toBe("203.0.113.7");
  });
});

describe("security headers", () => {
  it("sends a nonce CSP (also handed to Next in the request) and the usual hardening headers", async () => {
    const port = await start();
    const a = await get(port, "/");
    const b = await get(port, "/");
    const csp = String(a.headers["content-security-policy"]);
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(b.headers["content-security-policy"]).not.toBe(csp); // a new nonce per request
    expect(seenHeaders[0]?.["content-security-policy"]).toBe(csp);
    expect(a.headers).toMatchObject({
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "referrer-policy": "same-origin",
    });
    expect(a.headers["strict-transport-security"]).toBeUndefined();
  });
});
