// Heartbeat gauges become history in gauge_minute through the real /collectors path (socket.io
// agent → namespace → recordHeartbeat): channels resolved on the collector's own broker, consumers
// by service name, unknown ones skipped, last value of a minute wins; the flow graph shows them.
import { randomBytes } from "node:crypto";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCollectorToken } from "@/lib/auth/collector-tokens";
import { connectAgent, makeHeartbeat, makeHello, until, type TestAgent } from "@/lib/collectors/test-agent";
import { pool } from "@/lib/db/client";
import { getFlowGraph } from "@/lib/flows/get-flow-graph";
import { ingestBody } from "@/lib/ingest/ingest-batch";
import { makeDelivery, makeEvent } from "@/lib/ingest/test-factories";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { attachCollectorsNamespace } from "@/server/collectors-namespace";

let db: TestDatabase;
let http: HttpServer;
let ioServer: Server;
let stop: () => Promise<void>;
let agent: TestAgent;
const broker = `rabbit-${randomBytes(3).toString("hex")}`;

beforeAll(async () => {
  db = await createTestDatabase();
  http = createServer((_req, res) => res.writeHead(404).end());
  ioServer = new Server(http, { serveClient: false });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const quiet = () => undefined;
  stop = attachCollectorsNamespace(ioServer, {
    allowedOrigins: () => [base],
    sweepMs: 100,
    minHeartbeatGapMs: 0,
    log: { info: quiet, warn: quiet, error: quiet },
  }).stop;
  // Traffic first: the topology the gauges attach to (and a same-named channel on another broker).
  const now = new Date().toISOString();
  await ingestBody(
    JSON.stringify({
      events: [
        makeEvent({
          id: "g-1",
          broker,
          channel: "orders",
          producer: "shop",
          publishedAt: now,
          observedAt: now,
        }),
        makeEvent({
          id: "g-2",
          broker: "elsewhere",
          channel: "orders",
          producer: "shop",
          publishedAt: now,
          observedAt: now,
        }),
      ],
      deliveries: [
        makeDelivery({ messageId: "g-1", broker, channel: "orders", consumer: "billing", deliveredAt: now }),
      ],
    }),
  );
  const { token } = await createCollectorToken(`agent-${randomBytes(3).toString("hex")}`);
  agent = await connectAgent(base, token);
  await agent.socket.emitWithAck("hello", makeHello({ broker }));
});

afterAll(async () => {
  agent.socket.close();
  await ioServer.close();
  await stop();
  await db.drop();
});

type GaugeRow = { broker: string; channel: string; consumer: string | null; name: string; value: number };

async function latestGauges(): Promise<GaugeRow[]> {
  const { rows } = await pool().query<GaugeRow>(
    `SELECT DISTINCT ON (g.channel_id, g.consumer_id, g.name) b.name AS broker, c.name AS channel, s.name AS consumer, g.name, g.value
     FROM gauge_minute g JOIN channels c ON c.id = g.channel_id JOIN brokers b ON b.id = c.broker_id
     LEFT JOIN services s ON s.id = g.consumer_id
     ORDER BY g.channel_id, g.consumer_id, g.name, g.minute DESC`,
  );
  return rows;
}

describe("heartbeat gauges", () => {
  it("stores known channels' and consumers' gauges per minute, skips unknown ones, keeps the last value", async () => {
    agent.socket.emit(
      "heartbeat",
      makeHeartbeat(
        {},
        {
          gauges: [
            { channel: "orders", name: "depth", value: 7 },
            { channel: "orders", consumer: "billing", name: "lag", value: 42 },
            { channel: "orders", consumer: "stranger", name: "lag", value: 5 }, // no such service
            { channel: "ghost", name: "depth", value: 3 }, // no such channel on this broker
          ],
        },
      ),
    );
    await until(async () => ((await latestGauges()).length === 2 ? true : undefined), "the first gauges");
    agent.socket.emit(
      "heartbeat",
      makeHeartbeat(
        {},
        {
          gauges: [
            { channel: "orders", name: "depth", value: 8 },
            { channel: "orders", name: "depth", value: 9 }, // a repeat within one beat: the later one
            { channel: "orders", consumer: "billing", name: "lag", value: 40 },
          ],
        },
      ),
    );
    const rows = await until(async () => {
      const r = await latestGauges();
      return r.some((g) => g.value === 9) ? r : undefined;
    }, "the second beat's gauges");
    expect(rows).toEqual([
      { broker, channel: "orders", consumer: null, name: "depth", value: 9 },
      { broker, channel: "orders", consumer: "billing", name: "lag", value: 40 },
    ]);
  });

  it("shows lag on the consume edge and depth on the channel in the flow graph", async () => {
    const g = await getFlowGraph("live", { broker });
    const consume = g.edges.find((e) => e.kind === "consume");
    expect(consume?.lag).toBe(40);
    expect(g.nodes.find((n) => n.kind === "channel")).toMatchObject({ name: "orders", depth: 9, broker });
  });
});
