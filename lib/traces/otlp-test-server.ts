// Test helper: the OTLP receiver's route handler behind a real HTTP listener on a free port, so the
// OpenTelemetry SDK's exporters send to it exactly as they would to the app (node:http, headers,
// gzip, Content-Length). Requests are turned into Fetch Requests as Next does.
import { createServer, type IncomingMessage, type Server } from "node:http";
import { Readable } from "node:stream";
import { POST } from "@/app/v1/traces/route";

export type OtlpTestServer = { url: string; close: () => Promise<void> };

function toRequest(req: IncomingMessage, base: string): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
  return new Request(new URL(req.url ?? "/", base), {
    method: req.method,
    headers,
    body: req.method === "GET" ? undefined : (Readable.toWeb(req) as ReadableStream<Uint8Array>),
    duplex: "half",
  } as RequestInit);
}

export async function startOtlpTestServer(): Promise<OtlpTestServer> {
  let base = "";
  const server: Server = createServer((req, res) => {
    void (async () => {
      const answer = await POST(toRequest(req, base), { params: Promise.resolve({}) });
      // A refused body may be left unread: close the connection rather than let the next request meet it.
      res.writeHead(answer.status, { ...Object.fromEntries(answer.headers), connection: "close" });
      res.end(Buffer.from(await answer.arrayBuffer()));
    })().catch((err: unknown) => {
      res.writeHead(500);
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const addr = server.address();
  if (!addr || typeof addr !== "object") throw new Error("no port");
  base = `http://127.0.0.1:${addr.port}`;
  return {
    url: `${base}/v1/traces`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
