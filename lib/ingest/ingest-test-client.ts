// Test helpers that call the ingest route's POST with real Request objects (no HTTP server).
import { gzipSync } from "node:zlib";
import { POST } from "@/app/api/v1/ingest/route";

export type Posted = { status: number; body: Record<string, unknown>; retryAfter?: string };

export type PostOptions = {
  token?: string | null;
  authorization?: string;
  headers?: Record<string, string>;
  gzip?: boolean;
  raw?: BodyInit;
};

export async function postIngest(body: unknown, opts: PostOptions = {}): Promise<Posted> {
  const headers: Record<string, string> = { "content-type": "application/json", ...opts.headers };
  if (opts.authorization !== undefined) headers.authorization = opts.authorization;
  else if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let payload: BodyInit = opts.raw ?? (typeof body === "string" ? body : JSON.stringify(body));
  if (opts.gzip) {
    payload = gzipSync(
      typeof payload === "string" ? payload : Buffer.from(await new Response(payload).arrayBuffer()),
    );
    headers["content-encoding"] = "gzip";
  }
  const req = new Request("http://localhost/api/v1/ingest", {
    method: "POST",
    headers,
    body: payload,
    duplex: "half",
  } as RequestInit);
  const res = await POST(req, { params: Promise.resolve({}) });
  const retryAfter = res.headers.get("retry-after");
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown>,
    ...(retryAfter === null ? {} : { retryAfter }),
  };
}

/** A body streamed in 1 KiB chunks without Content-Length (a chunked upload). */
export function chunkedBody(totalBytes: number): ReadableStream<Uint8Array> {
  let sent = 0;
  const chunk = new TextEncoder().encode(" ".repeat(1024));
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= totalBytes) return controller.close();
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
}
