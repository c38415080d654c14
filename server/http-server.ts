// The one HTTP server: hands requests to Next's handler and counts those in flight, so shutdown
// can stop accepting, let running requests finish (up to a deadline), then close what is left.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { RequestGuard } from "@/server/request-guard";

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;
type Log = { error: (obj: object, msg: string) => void; warn: (obj: object, msg: string) => void };

export type AppHttpServer = {
  server: Server;
  listen: (port: number, host: string) => Promise<AddressInfo>;
  inFlight: () => number;
  /** Stops accepting, waits for in-flight requests (at most timeoutMs), then closes every connection. */
  drain: (timeoutMs: number) => Promise<{ unfinished: number }>;
};

export function createAppHttpServer(handle: Handler, log: Log, guard?: RequestGuard): AppHttpServer {
  let inFlight = 0;
  let onIdle: (() => void) | undefined;

  // socket.io attaches later and wraps this listener: its own requests never reach the counter,
  // so long-polling connections cannot hold a shutdown open.
  const server = createServer((req, res) => {
    if (guard && !guard(req, res)) return;
    inFlight++;
    res.once("close", () => {
      inFlight--;
      if (inFlight === 0) onIdle?.();
    });
    handle(req, res).catch((err: unknown) => {
      log.error({ err, url: req.url }, "unhandled error in the request handler");
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("Internal Server Error");
    });
  });
  // A dropped client must not crash the process or leave a socket half-open.
  server.on("clientError", (err, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\n\r\n");
    else socket.destroy(err);
  });

  return {
    server,
    inFlight: () => inFlight,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          resolve(server.address() as AddressInfo);
        });
      }),
    drain: async (timeoutMs) => {
      // close() stops accepting; idle keep-alive sockets would otherwise hold it open.
      if (server.listening) server.close();
      server.closeIdleConnections();
      if (inFlight > 0) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        await new Promise<void>((resolve) => {
          onIdle = resolve;
          timer = setTimeout(resolve, timeoutMs);
        });
        clearTimeout(timer);
      }
      const unfinished = inFlight;
      if (unfinished > 0)
        log.warn({ unfinished, timeoutMs }, "requests still running at the shutdown deadline; closing them");
      server.closeAllConnections();
      return { unfinished };
    },
  };
}
