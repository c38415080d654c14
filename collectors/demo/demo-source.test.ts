import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { deadLetterItem, deliveryItem, eventItem, type IngestBody } from "@/lib/ingest/schemas";
import { silentLog } from "@/collectors/core/log";
import { DemoSource } from "@/collectors/demo/demo-source";

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
});

async function ingestServer(): Promise<{ url: string; bodies: IngestBody[] }> {
  const bodies: IngestBody[] = [];
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      bodies.push(JSON.parse(gunzipSync(Buffer.concat(chunks)).toString("utf8")) as IngestBody);
      res
        .writeHead(202, { "content-type": "application/json" })
        .end('{"accepted":0,"duplicates":0,"rejected":[]}');
    });
  });
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies };
}

describe("DemoSource", () => {
  it("produces events at the configured rate and flushes everything on stop", async () => {
    const srv = await ingestServer();
    let now = Date.now() - 60_000;
    const demo = new DemoSource({
      serverUrl: srv.url,
      token: "esc_demo",
      rate: 40,
      seed: "demo-source-test",
      log: silentLog,
      now: () => now,
      sender: { maxBatchDelayMs: 60_000 }, // only stop() sends: it must flush
    });
    demo.start();
    for (let i = 0; i < 50; i++) {
      now += 100; // 5 s of shop time at 40 events/s
      demo.tick();
    }
    // A stall longer than the catch-up cap is not replayed as a burst.
    now += 60_000;
    demo.tick();
    const stats = await demo.stop();
    expect(stats.produced).toBeGreaterThanOrEqual(199);
    expect(stats.produced).toBeLessThanOrEqual(200 + 80 + 1);
    const events = srv.bodies.flatMap((b) => b.events ?? []);
    expect(events).toHaveLength(stats.produced);
    expect(stats).toMatchObject({ queued: 0, droppedOnStop: 0, droppedQueueFull: 0 });
    for (const e of events) expect(eventItem.safeParse(e).success).toBe(true);
    for (const d of srv.bodies.flatMap((b) => b.deliveries ?? []))
      expect(deliveryItem.safeParse(d).success).toBe(true);
    for (const d of srv.bodies.flatMap((b) => b.deadLetters ?? []))
      expect(deadLetterItem.safeParse(d).success).toBe(true);
  });
});
