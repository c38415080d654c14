// /collectors against real Postgres with a real socket.io-client as the agent: token checks,
// hello and heartbeats stored, commands pushed (on hello, on hand-over, by the sweep, again after a
// reconnect with the same id), results applied once, malformed payloads refused, rotation ends it.
// Commands are made as in production: a reprocess request whose items the dispatcher hands over.
import { randomBytes } from "node:crypto";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createCollectorToken,
  revokeCollectorToken,
  rotateCollectorToken,
} from "@/lib/auth/collector-tokens";
import { getCollectors, type CollectorRow } from "@/lib/collectors/get-collectors";
import { ORIGINAL_SUBJECT_HEADER, type CommandResult } from "@/lib/collectors/protocol";
import { connectAgent, makeHeartbeat, makeHello, until, type TestAgent } from "@/lib/collectors/test-agent";
import { storeDeadLetter } from "@/lib/collectors/test-factories";
import { pool } from "@/lib/db/client";
import { handOver } from "@/lib/testing/reprocess-now";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { attachCollectorsNamespace } from "@/server/collectors-namespace";

let db: TestDatabase;
let http: HttpServer;
let ioServer: Server;
let base: string;
let stop: () => Promise<void>;
const agents: TestAgent[] = [];
const warnings: string[] = [];
const record = (obj: object, msg: string) => warnings.push(`${msg} ${JSON.stringify(obj)}`);

beforeAll(async () => {
  db = await createTestDatabase();
  http = createServer((_req, res) => res.writeHead(404).end());
  ioServer = new Server(http, { serveClient: false });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  stop = attachCollectorsNamespace(ioServer, {
    allowedOrigins: () => [base],
    sweepMs: 100,
    minHeartbeatGapMs: 0,
    log: { info: () => undefined, warn: record, error: record },
  }).stop;
});

afterEach(() => {
  for (const a of agents.splice(0)) a.socket.close();
});

afterAll(async () => {
  await ioServer.close();
  await stop();
  await db.drop();
});

const unique = (p: string) => `${p}-${randomBytes(4).toString("hex")}`;

async function agent(token: string | undefined): Promise<TestAgent> {
  const a = await connectAgent(base, token);
  agents.push(a);
  return a;
}

/** A new collector token and a connected agent that said hello for `broker`. */
async function helloAgent(broker = unique("rabbit")) {
  const { token, collector } = await createCollectorToken(unique("agent"));
  const a = await agent(token);
  const answer = await a.socket.emitWithAck("hello", makeHello({ broker }));
  return { a, token, collector, broker, answer };
}

async function row(name: string): Promise<CollectorRow | undefined> {
  return (await getCollectors()).collectors.find((c) => c.name === name);
}

/** A command is its reprocess item from the hand-over on: open while `sent`, then finished once. */
async function command(id: string) {
  const { rows } = await pool().query<{
    state: string;
    finished_at: Date | null;
    error: string | null;
    possible_duplicate: boolean;
    dl_state: string;
  }>(
    `SELECT i.state, i.finished_at, i.error, i.possible_duplicate, d.state AS dl_state
     FROM reprocess_items i JOIN dead_letters d ON d.id = i.dead_letter_id WHERE i.command_id = $1`,
    [id],
  );
  return rows[0];
}

const result = (commandId: string, over: Partial<CommandResult> = {}): CommandResult => ({
  commandId,
  ok: true,
  at: new Date().toISOString(),
  ...over,
});

describe("/collectors handshake", () => {
  it("refuses a missing, malformed, unknown or revoked token with a readable reason", async () => {
    await expect(agent(undefined)).rejects.toThrow(/missing collector token/);
    await expect(agent("esc_short")).rejects.toThrow(/malformed collector token/);
    await expect(agent(`esc_${"A".repeat(43)}`)).rejects.toThrow(/unknown collector token/);
    const { token, collector } = await createCollectorToken(unique("revoked"));
    await revokeCollectorToken(collector.name);
    await expect(agent(token)).rejects.toThrow(`the token of collector "${collector.name}" was revoked`);
    expect(warnings.join("\n")).not.toContain(token);
  });

  it("stores hello and heartbeats; the collector reads live with its throughput and outbox", async () => {
    const { a, collector, broker, answer } = await helloAgent();
    expect(answer).toEqual({ ok: true, collectorId: collector.id, name: collector.name });
    a.socket.emit(
      "heartbeat",
      makeHeartbeat(
        { eventsPerSecond: 42.5, outboxItems: 9, outboxBytes: 4096, errors: 2 },
        {
          lastError: { at: new Date().toISOString(), message: "channel closed by broker" },
        },
      ),
    );
    const stored = await until(async () => {
      const r = await row(collector.name);
      return r?.eventsPerSecond === 42.5 ? r : undefined;
    }, "the heartbeat to be stored");
    expect(stored).toMatchObject({
      status: "live",
      broker,
      brokerKind: "rabbitmq",
      version: "0.1.0-test",
      hostname: "agent-host",
      brokerConnected: true,
      outbox: { items: 9, bytes: 4096 },
      errors: 2,
      lastError: { message: "channel closed by broker" },
      commands: { open: 0, hours: 24, succeeded: 0, failed: 0, possibleDuplicates: 0, lastFinishedAt: null },
    });
    const { rows } = await pool().query<{ kind: string; gauges: unknown }>(
      `SELECT b.kind, c.status -> 'gauges' AS gauges FROM collectors c JOIN brokers b ON b.id = c.broker_id WHERE c.id = $1`,
      [collector.id],
    );
    expect(rows[0]).toEqual({ kind: "rabbitmq", gauges: [{ channel: "orders", name: "depth", value: 7 }] });

    a.socket.close();
    const after = await until(async () => {
      const r = await row(collector.name);
      return r?.disconnectedAt ? r : undefined;
    }, "the disconnection to be recorded");
    expect(after.status).toBe("stale");
  });

  it("ignores malformed hello and heartbeats, naming the problem, and keeps the stored state", async () => {
    const { a, collector } = await helloAgent();
    const bad = await a.socket.emitWithAck("hello", { ...makeHello(), version: 7 } as never);
    expect(bad).toEqual({ ok: false, error: expect.stringContaining("hello refused: version") as string });

    a.socket.emit("heartbeat", makeHeartbeat({ eventsPerSecond: 1 }));
    await until(
      async () => ((await row(collector.name))?.eventsPerSecond === 1 ? true : undefined),
      "first beat",
    );
    const gauges = Array.from({ length: 501 }, (_, i) => ({ channel: `c${i}`, name: "depth", value: i }));
    a.socket.emit("heartbeat", makeHeartbeat({ eventsPerSecond: 99 }, { gauges }));
    a.socket.emit("heartbeat", {
      ...makeHeartbeat({ eventsPerSecond: 98 }),
      stats: { sent: "many" },
    } as never);
    await until(
      () => (warnings.filter((w) => w.includes(collector.name)).length >= 2 ? true : undefined),
      "warnings",
    );
    expect(warnings.join("\n")).toMatch(/gauges: must hold at most 500 gauges/);
    expect((await row(collector.name))?.eventsPerSecond).toBe(1);
  });
});

describe("/collectors commands", () => {
  it("pushes a command handed over while the agent was away when it says hello; a result marks it done", async () => {
    const { a, token, collector, broker } = await helloAgent();
    a.socket.close();
    const dl = await storeDeadLetter({
      broker,
      payload: '{"orderId":"o-1"}',
      contentType: "application/json",
      headers: { [ORIGINAL_SUBJECT_HEADER]: "orders.created", "x-death": "1" },
    });
    const id = await handOver(dl);
    expect(await command(id)).toMatchObject({ state: "sent", finished_at: null });

    const back = await agent(token);
    await back.socket.emitWithAck("hello", makeHello({ broker }));
    const pushed = await until(() => back.pushed[0], "the command to be pushed");
    expect(pushed).toEqual({
      commandId: id,
      deadLetterId: dl,
      destination: { channel: "orders", subject: "orders.created" },
      headers: expect.objectContaining({
        "x-death": "1",
        [ORIGINAL_SUBJECT_HEADER]: "orders.created",
      }) as object,
      payload: '{"orderId":"o-1"}',
      payloadEncoding: "utf8",
      contentType: "application/json",
    });
    // Pushed and taken, it stays open (a push writes nothing) until its result comes.
    expect(await command(id)).toMatchObject({ state: "sent", finished_at: null, dl_state: "pending" });
    expect((await row(collector.name))?.commands).toMatchObject({ open: 1, succeeded: 0, failed: 0 });

    expect(await back.socket.emitWithAck("command_results", [result(id)])).toEqual({ stored: 1 });
    expect(await command(id)).toMatchObject({ state: "succeeded", dl_state: "reprocessed" });
    expect((await row(collector.name))?.commands).toMatchObject({
      open: 0,
      hours: 24,
      succeeded: 1,
      failed: 0,
      possibleDuplicates: 0,
      lastFinishedAt: expect.any(String),
    });
  });

  it("sends a binary payload as base64 and pushes at once a command handed over while connected", async () => {
    const { a, broker } = await helloAgent();
    const bytes = Buffer.from([0xff, 0x00, 0xc3, 0x28]);
    const dl = await storeDeadLetter({
      broker,
      payload: bytes.toString("base64"),
      payloadEncoding: "base64",
    });
    const id = await handOver(dl);
    const pushed = await until(() => a.pushed.find((c) => c.commandId === id), "the push");
    expect(pushed).toMatchObject({ payloadEncoding: "base64", payload: bytes.toString("base64") });
  });

  it("applies the same result once, however often and however concurrently it comes", async () => {
    const { a, broker } = await helloAgent();
    const dl = await storeDeadLetter({ broker });
    const id = await handOver(dl);
    await until(() => a.pushed[0], "the push");
    const acks = await Promise.all([
      a.socket.emitWithAck("command_results", [result(id), result(id)]),
      a.socket.emitWithAck("command_results", [result(id)]),
    ]);
    expect(acks).toEqual([{ stored: 2 }, { stored: 1 }]);
    // A late, contradicting repeat changes nothing either.
    expect(await a.socket.emitWithAck("command_results", [result(id, { ok: false, error: "late" })])).toEqual(
      {
        stored: 1,
      },
    );
    expect(await command(id)).toMatchObject({ state: "succeeded", error: null, dl_state: "reprocessed" });
  });

  it("records a failure (dead letter failed_again) and a possible duplicate", async () => {
    const { a, broker } = await helloAgent();
    const dl = await storeDeadLetter({ broker });
    const id = await handOver(dl);
    await until(() => a.pushed[0], "the push");
    const failed = result(id, {
      ok: false,
      error: "NOT_FOUND - no exchange 'orders'",
      possibleDuplicate: true,
    });
    expect(await a.socket.emitWithAck("command_results", [failed])).toEqual({ stored: 1 });
    expect(await command(id)).toMatchObject({
      state: "failed",
      error: "NOT_FOUND - no exchange 'orders'",
      possible_duplicate: true,
      dl_state: "failed_again",
    });
  });

  it("pushes a taken but unanswered command again, with the same id, after a reconnect", async () => {
    const { a, token, broker } = await helloAgent();
    const dl = await storeDeadLetter({ broker });
    const id = await handOver(dl);
    await until(() => a.pushed[0], "the push");
    a.socket.close();

    const again = await agent(token);
    await again.socket.emitWithAck("hello", makeHello({ broker }));
    const repeat = await until(() => again.pushed[0], "the repeated push");
    expect(repeat.commandId).toBe(id);
    expect(again.pushed).toHaveLength(1);
    expect(await again.socket.emitWithAck("command_results", [result(id)])).toEqual({ stored: 1 });
    // Finished by that one result: the repeated push was a delivery, not a second command.
    expect(await command(id)).toMatchObject({
      state: "succeeded",
      finished_at: expect.any(Date) as Date,
      dl_state: "reprocessed",
    });
  });

  it("leaves a command the agent did not take open, and the sweep pushes it again", async () => {
    const { a, broker } = await helloAgent();
    a.take = () => [];
    const dl = await storeDeadLetter({ broker });
    const id = await handOver(dl);
    await until(() => (a.pushed.length >= 1 ? true : undefined), "the first push");
    expect(await command(id)).toMatchObject({ state: "sent", finished_at: null });
    // Sweeps may push it again (refused) before the agent starts taking it: count from here.
    const refused = a.pushed.length;
    a.take = (cs) => cs.map((c) => c.commandId);
    await until(() => (a.pushed.length > refused ? true : undefined), "the sweep");
    expect(a.pushed.every((c) => c.commandId === id)).toBe(true);
    // Taken now: later sweeps leave it alone while it is in flight.
    const pushes = a.pushed.length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(a.pushed).toHaveLength(pushes);
  });

  it("acknowledges malformed results without storing them, and does not let one collector finish another's command", async () => {
    const owner = await helloAgent();
    const other = await helloAgent();
    const dl = await storeDeadLetter({ broker: owner.broker });
    const id = await handOver(dl);
    await until(() => owner.a.pushed[0], "the push");

    expect(await owner.a.socket.emitWithAck("command_results", "nope" as never)).toEqual({ stored: 0 });
    expect(
      await owner.a.socket.emitWithAck("command_results", [{ commandId: "x", ok: true }] as never),
    ).toEqual({
      stored: 0,
    });
    expect(await other.a.socket.emitWithAck("command_results", [result(id)])).toEqual({ stored: 1 });
    expect(await command(id)).toMatchObject({ state: "sent", finished_at: null });

    const mixed = [{ commandId: id, ok: "yes" }, result(id, { ok: false, error: "x".repeat(5_000) })];
    expect(await owner.a.socket.emitWithAck("command_results", mixed as never)).toEqual({ stored: 1 });
    const done = await command(id);
    expect(done).toMatchObject({ state: "failed", dl_state: "failed_again" });
    expect(done?.error?.length).toBe(2_001); // cut to 2 000 characters and an ellipsis
  });
});

describe("/collectors access", () => {
  it("ends the connection at once when the token is rotated or revoked", async () => {
    const rotated = await helloAgent();
    const closed = new Promise<void>((resolve) => rotated.a.socket.once("disconnect", () => resolve()));
    await rotateCollectorToken(rotated.collector.name);
    await closed;
    expect(rotated.a.ended).toBe(
      `the token of collector "${rotated.collector.name}" was rotated or revoked; restart the collector with its new token`,
    );
    await expect(agent(rotated.token)).rejects.toThrow(/unknown collector token/);

    const revoked = await helloAgent();
    const gone = new Promise<void>((resolve) => revoked.a.socket.once("disconnect", () => resolve()));
    const bystander = await helloAgent();
    await revokeCollectorToken(revoked.collector.name);
    await gone;
    expect(revoked.a.ended).toBe(`the token of collector "${revoked.collector.name}" was revoked`);
    expect(bystander.a.socket.connected).toBe(true);
  });

  it("notices a revocation made by another process at its periodic re-check", async () => {
    const second = new Server({ serveClient: false });
    const srv = createServer();
    second.attach(srv);
    await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
    const ns = attachCollectorsNamespace(second, { allowedOrigins: () => [], recheckMs: 100 });
    try {
      const { token, collector } = await createCollectorToken(unique("cli-revoked"));
      const a = await connectAgent(`http://127.0.0.1:${(srv.address() as AddressInfo).port}`, token);
      agents.push(a);
      const gone = new Promise<void>((resolve) => a.socket.once("disconnect", () => resolve()));
      // What `npm run token -- revoke` does from its own process: no announcement reaches this one.
      await pool().query("UPDATE collectors SET revoked_at = now() WHERE id = $1", [collector.id]);
      await gone;
      expect(a.ended).toBe(`the token of collector "${collector.name}" was revoked`);
    } finally {
      await second.close();
      await ns.stop();
    }
  });

  it("refuses a handshake from a web page of another origin", async () => {
    const { token } = await createCollectorToken(unique("browser"));
    const { io } = await import("socket.io-client");
    const s = io(`${base}/collectors`, {
      auth: { token },
      transports: ["polling"],
      reconnection: false,
      forceNew: true,
      extraHeaders: { origin: "http://evil.example" },
    });
    const err = await new Promise<Error>((resolve) => s.once("connect_error", resolve));
    s.close();
    expect(err.message).toMatch(/origin not allowed/);
  });
});
