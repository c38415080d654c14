// The whole path for collector tests: a real HTTP server running the app's ingest route and the
// /collectors namespace over a fresh Postgres database, a collector token, and collectors started
// in-process with their own outbox. The server can be stopped and started again on the same port
// (the app going down), which is what the outbox is for. (reprocess-stack.ts adds the reprocess
// API and the server's dispatcher on top.)
import { mkdtemp, rm } from "node:fs/promises";
import {
  createServer,
  type IncomingMessage,
  type Server as HttpServer,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Server } from "socket.io";
import { POST as ingest } from "@/app/api/v1/ingest/route";
import type { BrokerAdapter } from "@/collectors/core/adapter";
import { commonConfig } from "@/collectors/core/config/collector-config";
import { createCollectorLog, silentLog } from "@/collectors/core/log";
import { startCollector, type RunningCollector } from "@/collectors/core/runtime";
import { createCollectorToken } from "@/lib/auth/collector-tokens";
import { pool } from "@/lib/db/client";
import { eventually as poll } from "@/collectors/core/testing/eventually";
import { handOver } from "@/lib/testing/reprocess-now";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { attachCollectorsNamespace } from "@/server/collectors-namespace";

export type StoredDeadLetter = {
  id: string;
  reason: string;
  queue: string;
  original: string | null;
  attempts: number;
  error_text: string | null;
  payload: Buffer;
  headers: Record<string, unknown>;
  state: string;
};

export type Stack = {
  db: TestDatabase;
  url: string;
  token: string;
  collectorName: string;
  /** The app goes down: connections cut, port closed. */
  stopServer: () => Promise<void>;
  /** The app comes back on the same port. */
  startServer: () => Promise<void>;
  /** Starts a collector in-process with its own outbox directory (kept across restarts with `dir`). */
  collector: (o: {
    adapter: BrokerAdapter;
    broker: { name: string; kind: string };
    dir?: string;
    extract?: unknown;
    /** Serve /metrics and /healthz on a free port (off by default). */
    metrics?: boolean;
    /** Return before the adapter connected (a test of an unreachable broker). */
    connected?: false;
  }) => Promise<RunningCollector & { dir: string }>;
  count: (sql: string, values?: unknown[]) => Promise<number>;
  /** Waits until `n` collectors said hello to the server (so commands can reach them). */
  hello: (n?: number) => Promise<void>;
  /** Waits until `count` dead letters of `eventType` are stored (a minute at most: a burst's worth). */
  deadLetters: (eventType: string, count: number) => Promise<void>;
  /** Stored events grouped by what extraction found: type, producer and trace id. */
  storedEvents: () => Promise<
    { type: string; producer: string | null; trace_id: string | null; n: number }[]
  >;
  /** Stored dead letters with their queue and original channel names, oldest first. */
  storedDeadLetters: () => Promise<StoredDeadLetter[]>;
  /**
   * Reprocesses one dead letter and waits for its command to succeed; then has the server push the
   * same command again (as after a lost acknowledgement) and waits for that answer too. The
   * collector must answer the repeat from its command log: the caller checks the broker holds one copy.
   */
  reprocessTwice: (deadLetterId: string) => Promise<string>;
  close: () => Promise<void>;
};

async function count(sql: string, values: unknown[] = []): Promise<number> {
  const { rows } = await pool().query<{ n: number }>(sql, values);
  return Number(rows[0]?.n ?? 0);
}

export async function startStack(): Promise<Stack> {
  const db = await createTestDatabase();
  const collectorName = `stack-${Math.random().toString(36).slice(2, 8)}`;
  const { token } = await createCollectorToken(collectorName);
  let port = 0;
  let server: { http: HttpServer; io: Server; stopNs: () => Promise<void> } | undefined;
  const running: (RunningCollector & { dir: string })[] = [];
  const dirs: string[] = [];

  const startServer = async () => {
    const http = createServer((req, res) => void handle(req, res));
    const io = new Server(http, { serveClient: false });
    const ns = attachCollectorsNamespace(io, {
      allowedOrigins: () => [],
      sweepMs: 200,
      minHeartbeatGapMs: 0,
    });
    await new Promise<void>((resolve, reject) => {
      http.once("error", reject);
      http.listen(port, "127.0.0.1", resolve);
    });
    port = (http.address() as AddressInfo).port;
    server = { http, io, stopNs: ns.stop };
  };
  const stopServer = async () => {
    if (!server) return;
    const s = server;
    server = undefined;
    await s.stopNs();
    s.http.closeAllConnections();
    await s.io.close();
  };
  await startServer();
  const url = `http://127.0.0.1:${port}`;

  return {
    db,
    url,
    token,
    collectorName,
    stopServer,
    startServer,
    async collector(o) {
      const dir = o.dir ?? (await mkdtemp(join(tmpdir(), "es-collector-")));
      dirs.push(dir);
      const config = commonConfig.parse({
        name: o.broker.name,
        server: { url, token },
        outbox: { dir },
        batch: { maxItems: 500, maxDelayMs: 20 },
        metrics: { listen: o.metrics ? "127.0.0.1:0" : false },
        ...(o.extract ? { extract: o.extract } : {}),
      });
      const c = await startCollector({
        config: { ...config, outbox: { ...config.outbox, dir } },
        token,
        broker: o.broker,
        adapter: o.adapter,
        log: process.env.STACK_LOG ? createCollectorLog("debug", "stack") : silentLog,
        retry: { baseMs: 50, maxMs: 500 },
        stopTimeoutMs: 2_000,
      });
      const r = { ...c, dir };
      running.push(r);
      // Observation starts once the adapter is up: publishing before would race it.
      if (o.connected !== false)
        await eventually("the collector connected to its broker", () =>
          Promise.resolve(c.sink.brokerConnected),
        );
      return r;
    },
    count,
    hello: (n = 1) =>
      eventually(
        `${n} collector hello(s)`,
        async () => (await count("SELECT count(*) AS n FROM collectors WHERE broker_id IS NOT NULL")) === n,
      ),
    deadLetters: (eventType, n) =>
      eventually(
        `${n} ${eventType} dead letters stored`,
        async () =>
          (await count("SELECT count(*) AS n FROM dead_letters WHERE event_type = $1", [eventType])) === n,
        60_000,
      ),
    async storedEvents() {
      const { rows } = await pool().query<{
        type: string;
        producer: string | null;
        trace_id: string | null;
        n: number;
      }>(
        `SELECT t.name AS type, s.name AS producer, m.trace_id, count(*)::int AS n FROM messages m
         JOIN event_types t ON t.id = m.event_type_id LEFT JOIN services s ON s.id = m.producer_id
         GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      );
      return rows;
    },
    async storedDeadLetters() {
      const { rows } = await pool().query<StoredDeadLetter>(
        `SELECT d.id, d.reason, c.name AS queue, o.name AS original, d.attempts, d.error_text, d.payload, d.headers, d.state
         FROM dead_letters d JOIN channels c ON c.id = d.channel_id LEFT JOIN channels o ON o.id = d.original_channel_id
         ORDER BY d.received_at, d.id`,
      );
      return rows;
    },
    async reprocessTwice(deadLetterId) {
      const id = await handOver(deadLetterId);
      const succeeded = async () => {
        const { rows } = await pool().query(
          "SELECT 1 FROM reprocess_items WHERE command_id = $1 AND state = 'succeeded'",
          [id],
        );
        return rows.length === 1;
      };
      await eventually("the reprocess command to succeed", succeeded);
      // Open again, as if its result had been lost: the next sweep pushes the same command once more.
      await pool().query(
        "UPDATE reprocess_items SET state = 'sent', finished_at = NULL, error = NULL WHERE command_id = $1",
        [id],
      );
      await eventually("the repeated command's answer", succeeded);
      return id;
    },
    async close() {
      for (const r of running.splice(0)) await r.stop().catch(() => undefined);
      await stopServer();
      for (const d of dirs) await rm(d, { recursive: true, force: true });
      await db.drop();
    },
  };
}

/** Node request → the route's Web Request → back; enough for POST /api/v1/ingest. */
async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    if (req.method !== "POST" || !req.url?.startsWith("/api/v1/ingest")) {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const answer = await ingest(
      new Request(`http://127.0.0.1${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) }),
      { params: Promise.resolve({}) },
    );
    res.writeHead(answer.status, Object.fromEntries(answer.headers.entries()));
    res.end(Buffer.from(await answer.arrayBuffer()));
  } catch (err) {
    if (!res.headersSent) res.writeHead(500).end(String(err));
    else res.destroy();
  }
}

/** `eventually` with the description first, as the end-to-end tests read best. */
export function eventually(what: string, probe: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  return poll(probe, what, timeoutMs);
}
