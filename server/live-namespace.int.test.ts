import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ClientToServerEvents, LiveEvent, LiveSummary, ServerToClientEvents } from "@/lib/live/events";
import { announceAccessChange } from "@/lib/auth/revocations";
import { LiveHub } from "@/lib/live/hub";
import { attachLiveNamespace, type LiveAuthorizer } from "@/server/live-namespace";
import { appOrigins } from "@/server/origins";
import { makeIngestedBatch } from "@/lib/live/test-factories";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

let http: HttpServer;
let ioServer: Server;
let hub: LiveHub;
let base: string;
let stopLive: () => void;
const clients: Client[] = [];
// The access decision itself (sessions, tokens, roles) is tested in server/live-access.int.test.ts;
// here a user is whoever the x-user header names, while they are in this set.
const allowed = new Set(["ana", "bo"]);
const authorize: LiveAuthorizer = async (headers) => {
  const user = headers.get("x-user");
  if (!user) return { ok: false, status: 401, reason: "sign in to receive live updates" };
  return allowed.has(user)
    ? { ok: true, userId: user }
    : { ok: false, status: 403, reason: `${user} may not` };
};

beforeAll(async () => {
  http = createServer((_req, res) => res.writeHead(404).end());
  ioServer = new Server(http, { serveClient: false });
  hub = new LiveHub();
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const port = (http.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  const origins = appOrigins("127.0.0.1", port);
  stopLive = attachLiveNamespace(ioServer, hub, {
    authorize,
    allowedOrigins: () => origins,
    intervalMs: 50,
  }).stop;
});

afterEach(() => {
  for (const c of clients.splice(0)) c.disconnect();
});

afterAll(async () => {
  stopLive();
  await ioServer.close();
});

function client(
  origin?: string,
  transports: ("polling" | "websocket")[] = ["polling", "websocket"],
  user: string | null = "ana",
): Client {
  const extraHeaders: Record<string, string> = {};
  if (origin) extraHeaders.origin = origin;
  if (user) extraHeaders["x-user"] = user;
  const c: Client = connect(`${base}/live`, {
    transports,
    reconnection: false,
    forceNew: true,
    extraHeaders,
  });
  clients.push(c);
  return c;
}

function connected(c: Client): Promise<void> {
  return new Promise((resolve, reject) => {
    c.once("connect", resolve);
    c.once("connect_error", reject);
  });
}

function nextSummary(c: Client, match: (s: LiveSummary) => boolean = () => true): Promise<LiveSummary> {
  return new Promise((resolve) => {
    const on = (s: LiveSummary) => {
      if (!match(s)) return;
      c.off("summary", on);
      resolve(s);
    };
    c.on("summary", on);
  });
}

function makeEvent(id: string): LiveEvent {
  return {
    id,
    broker: "rabbitmq-demo",
    channel: "shop.orders",
    type: "OrderPlaced",
    producer: "storefront",
    publishedAt: new Date().toISOString(),
    size: 321,
  };
}

describe("/live namespace", () => {
  it("subscribes to the overview, gets the current summary at once, then pushes after an ingest", async () => {
    const c = client(base);
    await connected(c);
    const first = nextSummary(c);
    const ack = await c.emitWithAck("subscribe", "overview");
    expect(ack).toEqual({ ok: true });
    expect((await first).stored.events).toBe(0);

    const pushed = nextSummary(c, (s) => s.latest.some((e) => e.id === "ev-live-1"));
    hub.recordIngest(makeIngestedBatch([makeEvent("ev-live-1")], { deliveries: 2, deadLetters: 1 }));
    const s = await pushed;
    expect(s.stored).toMatchObject({ events: 1, deliveries: 2, deadLetters: 1 });
    expect(s.eventsPerSecond).toBeGreaterThan(0);
    expect(s.channels[0]).toMatchObject({ broker: "rabbitmq-demo", channel: "shop.orders" });
  });

  it("accepts a client without an Origin header (non-browser) over WebSocket only", async () => {
    const c = client(undefined, ["websocket"]);
    await connected(c);
    expect(await c.emitWithAck("subscribe", "overview")).toEqual({ ok: true });
  });

  it("refuses a handshake whose Origin is another site, over polling and WebSocket", async () => {
    for (const transports of [["polling"], ["websocket"]] as const) {
      const c = client("http://evil.example", [...transports]);
      await expect(connected(c)).rejects.toThrow(/origin not allowed/);
    }
  });

  it("answers ok:false for an unknown view and does not join any room", async () => {
    const c = client(`http://localhost:${new URL(base).port}`);
    await connected(c);
    const ack = await c.emitWithAck("subscribe", "nope" as "overview");
    expect(ack.ok).toBe(false);
    expect(ack.error).toMatch(/unknown view "nope"/);
  });

  it("refuses a handshake without a user (401) and one whose user may not read (403)", async () => {
    await expect(connected(client(base, ["polling"], null))).rejects.toThrow(
      /sign in to receive live updates/,
    );
    await expect(connected(client(base, ["polling"], "eve"))).rejects.toThrow(/eve may not/);
  });

  it("disconnects a user's sockets at once when their access change is announced, not others'", async () => {
    const ana = client(base, ["websocket"], "ana");
    const bo = client(base, ["websocket"], "bo");
    await Promise.all([connected(ana), connected(bo)]);
    const ended = new Promise<string>((resolve) => ana.once("access_ended", resolve));
    const gone = new Promise<void>((resolve) => ana.once("disconnect", () => resolve()));
    allowed.delete("ana");
    try {
      announceAccessChange({ userId: "ana", why: "test" });
      expect(await ended).toBe("ana may not");
      await gone;
      expect(bo.connected).toBe(true);
      expect(await bo.emitWithAck("subscribe", "overview")).toEqual({ ok: true });
    } finally {
      allowed.add("ana");
    }
  });
});
