import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { silentLog } from "@/collectors/core/log";
import type { DemoSpan } from "@/collectors/demo/shop-spans";
import { SpanExporter } from "@/collectors/demo/span-exporter";

let server: Server | undefined;
afterEach(async () => {
  const s = server;
  server = undefined;
  if (!s) return;
  s.closeAllConnections();
  await new Promise((r) => s.close(r));
});

/** An OTLP endpoint answering with the given statuses in turn (the last one from then on). */
async function endpoint(statuses: number[]): Promise<{ url: string; received: number[] }> {
  const received: number[] = [];
  server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => {
      const body = JSON.parse(raw) as { resourceSpans: { scopeSpans: { spans: unknown[] }[] }[] };
      const n = body.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)).length;
      const status = statuses.length > 1 ? statuses.shift()! : statuses[0]!;
      if (status === 200) received.push(n);
      res.writeHead(status).end("{}");
    });
  });
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

function spans(n: number): DemoSpan[] {
  return Array.from({ length: n }, (_, i) => ({
    traceId: "a".repeat(32),
    spanId: (i + 1).toString(16).padStart(16, "0"),
    name: "publish shop.orders",
    kind: "producer" as const,
    service: "storefront",
    startMs: 1_000 + i,
    endMs: 1_002 + i,
    attributes: {},
  }));
}

describe("SpanExporter", () => {
  it("keeps the spans of a refused export and sends them with the next one", async () => {
    const otlp = await endpoint([503, 429, 200]);
    const exporter = new SpanExporter({ serverUrl: otlp.url, token: "esc_demo", log: silentLog });
    exporter.add(spans(30));
    await exporter.flush();
    await exporter.flush();
    expect(exporter.stats()).toEqual({ exported: 0, pending: 30, dropped: 0 });
    exporter.add(spans(5));
    await exporter.flush();
    expect(exporter.stats()).toEqual({ exported: 35, pending: 0, dropped: 0 });
    expect(otlp.received).toEqual([35]);
  });

  it("drops the oldest past its bound, and counts them", () => {
    const exporter = new SpanExporter({ serverUrl: "http://127.0.0.1:9", token: "t", log: silentLog });
    exporter.add(spans(19_990));
    exporter.add(spans(15));
    expect(exporter.stats()).toEqual({ exported: 0, pending: 20_000, dropped: 5 });
  });

  it("stops within its time when nothing answers, what is left counted as pending", async () => {
    const otlp = await endpoint([200]);
    const url = otlp.url;
    server!.closeAllConnections();
    await new Promise((r) => server!.close(r));
    server = undefined;
    const exporter = new SpanExporter({ serverUrl: url, token: "t", log: silentLog });
    exporter.add(spans(3));
    expect(await exporter.stop(2_000)).toEqual({ exported: 0, pending: 3, dropped: 0 });
  });
});
