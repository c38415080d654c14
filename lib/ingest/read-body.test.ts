import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readIngestBody } from "@/lib/ingest/read-body";
import { appErrorOf } from "@/lib/testing/app-error";

const LIMIT = 4096;

function request(body: BodyInit | null, headers: Record<string, string> = {}): Request {
  return new Request("http://x/api/v1/ingest", {
    method: "POST",
    body,
    headers,
    duplex: "half",
  } as RequestInit);
}

/** A body streamed in chunks with no Content-Length; counts how many chunks were pulled. */
function streamed(
  chunk: Uint8Array,
  chunks: number,
): { body: ReadableStream<Uint8Array>; pulled: () => number } {
  let n = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (n >= chunks) return controller.close();
      n++;
      controller.enqueue(chunk);
    },
  });
  return { body, pulled: () => n };
}

describe("readIngestBody", () => {
  it("returns plain and gzip bodies as bytes", async () => {
    expect((await readIngestBody(request('{"events":[]}'), { maxBytes: LIMIT })).toString()).toBe(
      '{"events":[]}',
    );
    const gz = request(gzipSync('{"events":[1]}'), { "content-encoding": "gzip" });
    expect((await readIngestBody(gz, { maxBytes: LIMIT })).toString()).toBe('{"events":[1]}');
  });

  it("refuses a Content-Length over the limit before reading", async () => {
    const { body, pulled } = streamed(new Uint8Array(10), 1);
    const err = await appErrorOf(
      readIngestBody(request(body, { "content-length": String(LIMIT + 1) }), { maxBytes: LIMIT }),
    );
    expect(err.status).toBe(413);
    expect(err.message).toContain(`Content-Length ${LIMIT + 1}`);
    expect(pulled()).toBeLessThanOrEqual(1); // at most the stream's eager first pull
  });

  it("stops reading a stream as soon as it passes the limit", async () => {
    const { body, pulled } = streamed(new Uint8Array(1024), 1000);
    const err = await appErrorOf(readIngestBody(request(body), { maxBytes: LIMIT }));
    expect(err.status).toBe(413);
    expect(pulled()).toBeLessThan(10);
  });

  it("caps the inflated size of gzip (zip bomb) and names corrupt gzip", async () => {
    const bomb = gzipSync(Buffer.alloc(1024 * 1024, 0x20)); // 1 MiB of spaces in about 1 KiB
    expect(bomb.length).toBeLessThan(LIMIT);
    const err = await appErrorOf(
      readIngestBody(request(bomb, { "content-encoding": "gzip" }), { maxBytes: LIMIT }),
    );
    expect(err.status).toBe(413);
    expect(err.message).toContain("inflated gzip body");
    const corrupt = await appErrorOf(
      readIngestBody(request("not gzip at all", { "content-encoding": "gzip" }), { maxBytes: LIMIT }),
    );
    expect(corrupt.status).toBe(400);
    expect(corrupt.message).toMatch(/^gzip body does not inflate: /);
  });

  it("refuses other encodings with 415", async () => {
    const br = await appErrorOf(
      readIngestBody(request("{}", { "content-encoding": "br" }), { maxBytes: LIMIT }),
    );
    expect([br.status, br.message]).toEqual([
      415,
      'Content-Encoding "br" is not supported; send gzip or no encoding',
    ]);
    expect(
      (
        await readIngestBody(request("{}", { "content-type": "application/json; charset=utf-8" }), {
          maxBytes: LIMIT,
        })
      ).toString(),
    ).toBe("{}");
  });
});
