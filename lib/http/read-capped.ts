// A request body read as a stream, cancelled as soon as it goes past maxBytes: a client cannot make
// the server buffer more than the limit, whatever its Content-Length said (or did not say).
import type { AppError } from "@/lib/errors";

/** The body's bytes; throws `tooLarge()` once more than `maxBytes` have arrived. */
export async function readCapped(req: Request, maxBytes: number, tooLarge: () => AppError): Promise<Buffer> {
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}
