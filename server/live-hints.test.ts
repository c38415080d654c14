import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { io as connect, type Socket } from "socket.io-client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type {
  AlertsHint,
  ClientToServerEvents,
  CollectorsHint,
  ServerToClientEvents,
  TrafficHint,
} from "@/lib/live/events";
import { LiveHub, registerLiveHub } from "@/lib/live/hub";
import { publishAlertsEvaluated } from "@/lib/live/publish";
import { alertsHint, collectorsHint, throttle, trafficHint } from "@/server/live-hints";
import { attachLiveNamespace } from "@/server/live-namespace";
import { makeIngestedBatch } from "@/lib/live/test-factories";

type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("throttle", () => {
  it("fires the first poke at once and folds a burst into one trailing call", () => {
    const fire = vi.fn();
    const t = throttle(fire, 1_000);
    t.poke();
    expect(fire).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 50; i++) t.poke();
    expect(fire).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(999);
    expect(fire).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(fire).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(5_000);
    expect(fire).toHaveBeenCalledTimes(2);
  });

  it("fires at once again after a quiet interval, and never after stop()", () => {
    const fire = vi.fn();
    const t = throttle(fire, 1_000);
    t.poke();
    vi.advanceTimersByTime(1_500);
    t.poke();
    expect(fire).toHaveBeenCalledTimes(2);
    t.poke();
    t.stop();
    vi.advanceTimersByTime(5_000);
    expect(fire).toHaveBeenCalledTimes(2);
  });
});

describe("collectorsHint on /live", () => {
  it("pushes hints to the collectors view only, with no overview summary on subscribing", async () => {
    vi.useRealTimers();
    const http = createServer((_req, res) => res.writeHead(404).end());
    const io = new Server(http, { serveClient: false });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const live = attachLiveNamespace(io, new LiveHub(), {
      authorize: () => Promise.resolve({ ok: true, userId: "ana" }),
      allowedOrigins: () => [base],
      intervalMs: 50,
    });
    const hint = collectorsHint(live.nsp, 50);
    const watcher: LiveClient = connect(`${base}/live`, { transports: ["websocket"], forceNew: true });
    const bystander: LiveClient = connect(`${base}/live`, { transports: ["websocket"], forceNew: true });
    try {
      const summaries: unknown[] = [];
      watcher.on("summary", (s) => summaries.push(s));
      const otherHints: unknown[] = [];
      bystander.on("collectors", (h) => otherHints.push(h));
      expect(await watcher.emitWithAck("subscribe", "collectors")).toEqual({ ok: true });
      expect(await bystander.emitWithAck("subscribe", "overview")).toEqual({ ok: true });
      const got = new Promise<CollectorsHint>((resolve) => watcher.once("collectors", resolve));
      hint.poke();
      expect(Date.parse((await got).at)).not.toBeNaN();
      expect(summaries).toEqual([]);
      expect(otherHints).toEqual([]);
    } finally {
      hint.stop();
      watcher.close();
      bystander.close();
      live.stop();
      await io.close();
    }
  });
});

describe("trafficHint on /live", () => {
  it("reaches the traffic view when the hub records a batch, and nobody else", async () => {
    vi.useRealTimers();
    const http = createServer((_req, res) => res.writeHead(404).end());
    const io = new Server(http, { serveClient: false });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const hub = new LiveHub();
    const live = attachLiveNamespace(io, hub, {
      authorize: () => Promise.resolve({ ok: true, userId: "ana" }),
      allowedOrigins: () => [base],
      intervalMs: 50,
    });
    const hint = trafficHint(live.nsp, 50);
    const stopListening = hub.onIngest(hint.poke);
    const watcher: LiveClient = connect(`${base}/live`, { transports: ["websocket"], forceNew: true });
    const bystander: LiveClient = connect(`${base}/live`, { transports: ["websocket"], forceNew: true });
    try {
      const otherHints: unknown[] = [];
      bystander.on("traffic", (h) => otherHints.push(h));
      expect(await watcher.emitWithAck("subscribe", "traffic")).toEqual({ ok: true });
      expect(await bystander.emitWithAck("subscribe", "collectors")).toEqual({ ok: true });
      const got = new Promise<TrafficHint>((resolve) => watcher.once("traffic", resolve));
      hub.recordIngest(makeIngestedBatch([], { deliveries: 1 }));
      expect(Date.parse((await got).at)).not.toBeNaN();
      expect(otherHints).toEqual([]);
    } finally {
      stopListening();
      hint.stop();
      watcher.close();
      bystander.close();
      live.stop();
      await io.close();
    }
  });
});

describe("alertsHint on /live", () => {
  it("reaches the alerts view for each published cycle, folding a burst into one that keeps `transitions`", async () => {
    vi.useRealTimers();
    const http = createServer((_req, res) => res.writeHead(404).end());
    const io = new Server(http, { serveClient: false });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const hub = new LiveHub();
    registerLiveHub(hub);
    const live = attachLiveNamespace(io, hub, {
      authorize: () => Promise.resolve({ ok: true, userId: "ana" }),
      allowedOrigins: () => [base],
      intervalMs: 50,
    });
    const hint = alertsHint(live.nsp, hub, 200);
    const watcher: LiveClient = connect(`${base}/live`, { transports: ["websocket"], forceNew: true });
    const bystander: LiveClient = connect(`${base}/live`, { transports: ["websocket"], forceNew: true });
    try {
      const otherHints: unknown[] = [];
      bystander.on("alerts", (h) => otherHints.push(h));
      expect(await watcher.emitWithAck("subscribe", "alerts")).toEqual({ ok: true });
      expect(await bystander.emitWithAck("subscribe", "traffic")).toEqual({ ok: true });
      const hints: AlertsHint[] = [];
      const second = new Promise<void>((resolve) =>
        watcher.on("alerts", (h) => {
          hints.push(h);
          if (hints.length === 2) resolve();
        }),
      );
      publishAlertsEvaluated(false); // goes out at once
      publishAlertsEvaluated(true); // these two fold into the trailing push
      publishAlertsEvaluated(false);
      await second;
      expect(hints.map((h) => h.transitions)).toEqual([false, true]);
      expect(otherHints).toEqual([]);
    } finally {
      registerLiveHub(undefined);
      hint.stop();
      watcher.close();
      bystander.close();
      live.stop();
      await io.close();
    }
  });
});
