import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { deadLetterItem, deliveryItem, eventItem, type IngestBody } from "@/lib/ingest/schemas";
import { silentLog } from "@/collectors/core/log";
import { otlpJsonRequest, type OtlpRequest } from "@/lib/traces/otlp-json";
import { DemoSource } from "@/collectors/demo/demo-source";

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
});

/** The app's two endpoints the demo posts to: ingest (gzipped JSON) and OTLP traces (JSON). */
async function ingestServer(): Promise<{ url: string; bodies: IngestBody[]; traces: OtlpRequest[] }> {
  const bodies: IngestBody[] = [];
  const traces: OtlpRequest[] = [];
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      if (req.url === "/v1/traces") {
        expect(req.headers.authorization).toBe("Bearer esc_demo");
        traces.push(otlpJsonRequest.parse(JSON.parse(raw.toString("utf8"))));
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
        return;
      }
      bodies.push(JSON.parse(gunzipSync(raw).toString("utf8")) as IngestBody);
      res
        .writeHead(202, { "content-type": "application/json" })
        .end('{"accepted":0,"duplicates":0,"rejected":[]}');
    });
  });
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies, traces };
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

    // Its traced flows' spans went to /v1/traces, each publish span the one its message names.
    const spans = srv.traces.flatMap((t) =>
      (t.resourceSpans ?? []).flatMap((r) => (r.scopeSpans ?? []).flatMap((s) => s.spans ?? [])),
    );
    expect(stats.spans).toEqual({ exported: spans.length, pending: 0, dropped: 0 });
    expect(spans.length).toBeGreaterThan(20);
    const eventSpans = new Set(events.map((e) => e.spanId));
    const publishes = spans.filter((s) => s.kind === 4);
    expect(publishes.length).toBeGreaterThan(10);
    for (const s of publishes) expect(eventSpans.has(s.spanId)).toBe(true);
  });
});
