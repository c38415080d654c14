import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import type { EventInput, IngestBody } from "@/lib/ingest/schemas";
import { silentLog, type CollectorLog } from "@/collectors/core/log";
import { BatchSender, type SenderOptions } from "@/collectors/core/sender";

type Received = { at: number; headers: IncomingMessage["headers"]; body: IngestBody; raw: Buffer };
type Reply = (req: Received, n: number, res: ServerResponse) => void;

const ok: Reply = (r, _n, res) => {
  const items =
    (r.body.events?.length ?? 0) + (r.body.deliveries?.length ?? 0) + (r.body.deadLetters?.length ?? 0);
  res
    .writeHead(200, { "content-type": "application/json" })
    .end(JSON.stringify({ accepted: items, duplicates: 0, rejected: [] }));
};

/** A real local HTTP server standing in for POST /api/v1/ingest; `reply` decides each answer. */
async function ingestServer(reply: Reply = ok) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const r: Received = {
        at: Date.now(),
        headers: req.headers,
        raw,
        body: JSON.parse(gunzipSync(raw).toString("utf8")) as IngestBody,
      };
      received.push(r);
      reply(r, received.length, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

const servers: Server[] = [];
const senders: BatchSender[] = [];
afterEach(async () => {
  for (const s of senders.splice(0)) await s.stop(100);
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

function makeSender(url: string, over: Partial<SenderOptions> = {}): BatchSender {
  const s = new BatchSender({
    serverUrl: url,
    token: "esc_test",
    log: silentLog,
    retryBaseMs: 5,
    retryMaxMs: 20,
    ...over,
  });
  senders.push(s);
  return s;
}

function makeEvents(n: number, from = 0): EventInput[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `ev-${from + i}`,
    broker: "rabbitmq-demo",
    channel: "shop.orders",
    type: "OrderPlaced",
    publishedAt: new Date().toISOString(),
    payload: { n: from + i },
  }));
}

const ids = (rs: Received[]) => rs.flatMap((r) => (r.body.events ?? []).map((e) => e.id));

async function until(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}

function recordingLog(): CollectorLog & { errors: string[] } {
  const errors: string[] = [];
  return { ...silentLog, errors, error: (_o, msg) => errors.push(msg) };
}

describe("BatchSender", () => {
  it("sends full batches at once, as gzip JSON with the bearer token; a partial one waits for its timer", async () => {
    const srv = await ingestServer();
    // A timer no test outlives: only a flush (or the timer) can send the partial batch.
    const sender = makeSender(srv.url, { maxBatchItems: 10, maxBatchDelayMs: 60_000 });
    sender.enqueue({ events: makeEvents(25) });
    await until(() => sender.stats().sentBatches === 2);
    expect(srv.received.map((r) => r.body.events?.length)).toEqual([10, 10]);
    expect(sender.stats().queued).toBe(5);
    await sender.flush();
    expect(srv.received.map((r) => r.body.events?.length)).toEqual([10, 10, 5]);
    const h = srv.received[0]!.headers;
    expect(h["content-encoding"]).toBe("gzip");
    expect(h["content-type"]).toBe("application/json");
    expect(h.authorization).toBe("Bearer esc_test");
    expect(srv.received[0]!.raw.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(ids(srv.received)).toEqual(makeEvents(25).map((e) => e.id));
    expect(sender.stats()).toMatchObject({ sentBatches: 3, sentItems: 25, accepted: 25, queued: 0 });
  });

  it("sends a partial batch on its own once maxBatchDelayMs has passed", async () => {
    const srv = await ingestServer();
    const sender = makeSender(srv.url, { maxBatchItems: 10, maxBatchDelayMs: 20 });
    sender.enqueue({ events: makeEvents(3) });
    await until(() => sender.stats().sentItems === 3);
    expect(srv.received.map((r) => r.body.events?.length)).toEqual([3]);
  });

  it("sends events, deliveries and dead letters together in one body", async () => {
    const srv = await ingestServer();
    const sender = makeSender(srv.url, { maxBatchDelayMs: 10 });
    const at = new Date().toISOString();
    sender.enqueue({
      events: makeEvents(1),
      deliveries: [
        { messageId: "ev-0", broker: "b", channel: "c", consumer: "x", deliveredAt: at, outcome: "ack" },
      ],
      deadLetters: [
        { id: "dl-1", broker: "b", channel: "c.dlq", reason: "rejected", failedAt: at, payload: "{}" },
      ],
    });
    await until(() => srv.received.length === 1);
    const body = srv.received[0]!.body;
    expect([body.events?.length, body.deliveries?.length, body.deadLetters?.length]).toEqual([1, 1, 1]);
  });

  it("retries a 503 and a dropped connection with the same batch until it is confirmed, never resending it", async () => {
    const srv = await ingestServer((r, n, res) => {
      if (n === 1) return res.writeHead(503).end("starting");
      if (n === 2) return res.socket?.destroy();
      ok(r, n, res);
    });
    const sender = makeSender(srv.url, { maxBatchItems: 5, maxBatchDelayMs: 10 });
    sender.enqueue({ events: makeEvents(5) });
    await until(() => sender.stats().sentBatches === 1);
    sender.enqueue({ events: makeEvents(5, 5) });
    await until(() => sender.stats().sentBatches === 2);
    await new Promise((r) => setTimeout(r, 50));
    expect(srv.received).toHaveLength(4);
    // Attempts 1–3 carried the same bytes; the confirmed batch was never sent again.
    expect(srv.received[1]!.raw).toEqual(srv.received[0]!.raw);
    expect(srv.received[2]!.raw).toEqual(srv.received[0]!.raw);
    expect(ids(srv.received.slice(2))).toEqual(makeEvents(10).map((e) => e.id));
    expect(sender.stats()).toMatchObject({ retries: 2, sentItems: 10, droppedRefused: 0, droppedOnStop: 0 });
  });

  it("honours Retry-After on 429", async () => {
    const srv = await ingestServer((r, n, res) => {
      if (n === 1) return res.writeHead(429, { "retry-after": "7" }).end("slow down");
      ok(r, n, res);
    });
    const waits: number[] = [];
    const sender = makeSender(srv.url, {
      maxBatchDelayMs: 5,
      retryBaseMs: 1,
      retryMaxMs: 2,
      random: () => 0,
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
    sender.enqueue({ events: makeEvents(2) });
    await until(() => sender.stats().sentItems === 2);
    expect(waits).toEqual([7000]); // the server's word, not the 1–2 ms backoff
    expect(sender.stats().retries).toBe(1);
  });

  it("spreads retries after a 429 over a quarter more than Retry-After, never less", async () => {
    const srv = await ingestServer((r, n, res) => {
      if (n <= 2) return res.writeHead(429, { "retry-after": "4" }).end("the database is behind");
      ok(r, n, res);
    });
    const waits: number[] = [];
    const draws = [0.5, 1];
    const sender = makeSender(srv.url, {
      maxBatchDelayMs: 5,
      random: () => draws.shift() ?? 0,
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
    sender.enqueue({ events: makeEvents(3) });
    await until(() => sender.stats().sentItems === 3);
    expect(waits).toEqual([4500, 5000]);
    expect(srv.received).toHaveLength(3);
    expect(sender.stats()).toMatchObject({ retries: 2, sentItems: 3, droppedRefused: 0 });
  });

  it("drops a batch refused with 400, logs it, counts it, and goes on with the next", async () => {
    const srv = await ingestServer((r, n, res) => {
      if (n === 1)
        return res.writeHead(400, { "content-type": "application/json" }).end('{"error":"bad_request"}');
      ok(r, n, res);
    });
    const log = recordingLog();
    const sender = makeSender(srv.url, { maxBatchItems: 3, maxBatchDelayMs: 5, log });
    sender.enqueue({ events: makeEvents(6) });
    await sender.flush();
    expect(srv.received).toHaveLength(2); // no retry of the refused one
    expect(sender.stats()).toMatchObject({ droppedRefused: 3, sentItems: 3, retries: 0 });
    expect(log.errors).toContain("server refused a batch; dropping it");
  });

  it("keeps retrying while its token is refused (401, 403) and drops nothing", async () => {
    const srv = await ingestServer((r, n, res) => {
      if (n <= 2) return res.writeHead(n === 1 ? 401 : 403).end('{"error":{"code":"unauthorized"}}');
      ok(r, n, res);
    });
    const log = recordingLog();
    const sender = makeSender(srv.url, { maxBatchItems: 3, maxBatchDelayMs: 5, log });
    sender.enqueue({ events: makeEvents(3) });
    await until(() => sender.stats().sentItems === 3);
    expect(srv.received).toHaveLength(3);
    expect(ids(srv.received.slice(2))).toEqual(["ev-0", "ev-1", "ev-2"]);
    expect(sender.stats()).toMatchObject({ droppedRefused: 0, retries: 2 });
  });

  it("splits a batch the server finds too large (413) instead of dropping it", async () => {
    const srv = await ingestServer((r, n, res) => {
      if ((r.body.events?.length ?? 0) > 2) return res.writeHead(413).end("too large");
      ok(r, n, res);
    });
    const sender = makeSender(srv.url, { maxBatchItems: 8, maxBatchDelayMs: 5 });
    sender.enqueue({ events: makeEvents(8) });
    await sender.flush();
    expect(sender.stats()).toMatchObject({ sentItems: 8, droppedRefused: 0 });
    expect(ids(srv.received.filter((r) => (r.body.events?.length ?? 0) <= 2))).toEqual(
      makeEvents(8).map((e) => e.id),
    );
  });

  it("keeps a bounded queue and counts what it had to drop", async () => {
    const srv = await ingestServer();
    const log = recordingLog();
    const sender = makeSender(srv.url, {
      maxQueueItems: 10,
      maxBatchItems: 100,
      maxBatchDelayMs: 60_000,
      log,
    });
    sender.enqueue({ events: makeEvents(7) });
    sender.enqueue({ events: makeEvents(8, 7) });
    expect(sender.stats()).toMatchObject({ queued: 10, droppedQueueFull: 5 });
    expect(log.errors).toHaveLength(1);
    await sender.flush();
    expect(ids(srv.received)).toEqual(makeEvents(10).map((e) => e.id));
  });

  it("flushes a partial batch on stop without waiting for the batch timer", async () => {
    const srv = await ingestServer();
    const sender = makeSender(srv.url, { maxBatchDelayMs: 60_000 });
    sender.enqueue({ events: makeEvents(3) });
    // With a 60 s batch timer, returning at all (within the test's timeout) shows stop did not wait for it.
    const stats = await sender.stop();
    expect(ids(srv.received)).toEqual(["ev-0", "ev-1", "ev-2"]);
    expect(stats).toMatchObject({ sentItems: 3, queued: 0, droppedOnStop: 0 });
    sender.enqueue({ events: makeEvents(1) }); // after stop: counted, not sent
    expect(sender.stats().droppedOnStop).toBe(1);
  });

  it("gives up at stop's deadline when the server stays down, counting what was lost", async () => {
    const srv = await ingestServer((_r, _n, res) => res.writeHead(503).end());
    const sender = makeSender(srv.url, {
      maxBatchItems: 4,
      maxBatchDelayMs: 5,
      retryBaseMs: 50,
      retryMaxMs: 100,
    });
    sender.enqueue({ events: makeEvents(10) });
    await until(() => srv.received.length >= 2);
    const stats = await sender.stop(300);
    expect(stats).toMatchObject({ sentItems: 0, droppedOnStop: 10, queued: 0 });
  });
});
