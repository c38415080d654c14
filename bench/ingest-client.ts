// POST /api/v1/ingest the way a collector does (gzip JSON, bearer token, keep-alive), for the
// benchmarks: a 429 (backpressure or the per-token rate limit) is waited out for its Retry-After,
// with jitter so refused senders do not all come back at once, and the same batch is sent again.
// A connection reset (a keep-alive socket the server closed as the request went out) is retried
// too, as a collector does: the batch may have been stored, so a retried batch counts its
// duplicates as sent — its ids make the server store it once whatever happens.
import http from "node:http";

export type IngestAnswer = { status: number; text: string; retryAfterSeconds: number | undefined };

/** Jitter added to Retry-After: up to this fraction of it (and at least 0–100 ms). */
const JITTER = 0.25;
/** Network failures tolerated over a client's life before one is reported as the run's failure. */
const MAX_NETWORK_RETRIES = 100;

export class IngestClient {
  private readonly agent: http.Agent;
  /** Batches the app refused with 429 (each retry that is refused again counts again). */
  rejections = 0;
  /** Seconds spent waiting out Retry-After, summed over senders. */
  waitedSeconds = 0;
  /** Requests that failed on the network (reset, hang-up) and were sent again. */
  networkRetries = 0;

  constructor(
    private readonly port: number,
    private readonly token: string,
    maxSockets: number,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  post(body: Buffer): Promise<IngestAnswer> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: "127.0.0.1",
          port: this.port,
          path: "/api/v1/ingest",
          method: "POST",
          agent: this.agent,
          headers: {
            authorization: `Bearer ${this.token}`,
            "content-type": "application/json",
            "content-encoding": "gzip",
            "content-length": body.length,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const retryAfter = Number(res.headers["retry-after"]);
            resolve({
              status: res.statusCode ?? 0,
              text: Buffer.concat(chunks).toString(),
              retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : undefined,
            });
          });
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  }

  /** Sends `body` until it is stored (202), waiting out each 429; returns the events it holds. */
  async send(body: Buffer, stop: () => boolean = () => false): Promise<number> {
    let resent = false;
    for (;;) {
      let res: IngestAnswer;
      try {
        res = await this.post(body);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (stop() || !(code === "ECONNRESET" || code === "EPIPE" || code === "ECONNREFUSED")) throw err;
        if (++this.networkRetries > MAX_NETWORK_RETRIES) throw err;
        resent = true;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 400));
        continue;
      }
      if (res.status === 202) {
        const a = JSON.parse(res.text) as { accepted: number; duplicates: number };
        return resent ? a.accepted + a.duplicates : a.accepted;
      }
      if (res.status !== 429 || stop()) throw new Error(`ingest answered ${res.status}: ${res.text}`);
      this.rejections++;
      const base = (res.retryAfterSeconds ?? 1) * 1000;
      const waitMs = base + Math.random() * Math.max(100, base * JITTER);
      this.waitedSeconds += waitMs / 1000;
      await new Promise((r) => setTimeout(r, waitMs));
    }
  }

  close(): void {
    this.agent.destroy();
  }
}
