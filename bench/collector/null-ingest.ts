// A stand-in for the app that takes everything at once: gunzip, JSON.parse, count, 202. With it,
// bench:collector measures what one collector process can forward, apart from the app's own speed.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";

export type NullIngest = { url: string; received: () => number; close: () => Promise<void> };

export async function startNullIngest(): Promise<NullIngest> {
  let received = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.url !== "/api/v1/ingest") return void res.writeHead(404).end();
      const body = JSON.parse(gunzipSync(Buffer.concat(chunks)).toString()) as Record<
        string,
        unknown[] | undefined
      >;
      const n = (body.events?.length ?? 0) + (body.deliveries?.length ?? 0) + (body.deadLetters?.length ?? 0);
      received += n;
      res
        .writeHead(202, { "content-type": "application/json" })
        .end(JSON.stringify({ accepted: n, duplicates: 0, rejected: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received: () => received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
