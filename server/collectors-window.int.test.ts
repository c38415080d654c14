// Backpressure on /collectors, against real Postgres with a real socket.io-client as the agent: at
// most `commandsInFlight` commands are pushed and unanswered at once, each recorded result frees a
// place for the next, sweeps (every 50 ms here, each reading from the start) never push a command in
// flight twice, and an agent that reconnects gets what it held again before anything new. Commands
// are made as in production: a reprocess request whose items the dispatcher hands over.
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createCollectorToken } from "@/lib/auth/collector-tokens";
import { connectAgent, makeHello, until, type TestAgent } from "@/lib/collectors/test-agent";
import { storeDeadLetter } from "@/lib/collectors/test-factories";
import { pool, withTransaction } from "@/lib/db/client";
import { requestReprocess } from "@/lib/reprocess/create-request";
import { HAND_OVER_SQL } from "@/lib/reprocess/dispatch";
import { MAX_RATE_PER_SECOND } from "@/lib/reprocess/schemas";
import { SYSTEM } from "@/lib/reprocess/who";
import { handOverAll } from "@/lib/testing/reprocess-now";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import { attachCollectorsNamespace } from "@/server/collectors-namespace";

const WINDOW = 5;
let db: TestDatabase;
let http: HttpServer;
let ioServer: Server;
let base: string;
let stop: () => Promise<void>;
const agents: TestAgent[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  http = createServer((_req, res) => res.writeHead(404).end());
  ioServer = new Server(http, { serveClient: false });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  stop = attachCollectorsNamespace(ioServer, {
    allowedOrigins: () => [base],
    sweepMs: 50,
    commandsInFlight: WINDOW,
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

async function agent(token: string, broker: string): Promise<TestAgent> {
  const a = await connectAgent(base, token);
  agents.push(a);
  await a.socket.emitWithAck("hello", makeHello({ broker }));
  return a;
}

/**
 * A collector with `n` reprocess commands handed over to it, in one dispatcher round: one transaction,
 * so one sent_at, and the push (by sent_at, then command id) takes them in command id order.
 */
async function withCommands(n: number) {
  const broker = `rabbit-${randomBytes(4).toString("hex")}`;
  const { token } = await createCollectorToken(`agent-${randomBytes(4).toString("hex")}`);
  const first = await agent(token, broker);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(await storeDeadLetter({ broker }));
  return { first, token, broker, commandIds: (await handOverAll(ids)).sort() };
}

/** Commands by state: a command is its reprocess item, open while `sent`. */
const states = async (ids: string[]) => {
  const { rows } = await pool().query<{ state: string; n: number }>(
    "SELECT state, count(*)::int AS n FROM reprocess_items WHERE command_id = ANY($1::uuid[]) GROUP BY state",
    [ids],
  );
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
};

const answer = (a: TestAgent, ids: string[]) =>
  a.socket.emitWithAck(
    "command_results",
    ids.map((commandId) => ({ commandId, ok: true, at: new Date().toISOString() })),
  );

/** From now on the agent answers every command it is pushed, at once. */
const answerEverything = (a: TestAgent) =>
  a.socket.on(
    "commands",
    (cs) =>
      void answer(
        a,
        cs.map((c) => c.commandId),
      ),
  );

/**
 * Another server's dispatcher round, committing late: its hand-over statement in a transaction of its
 * own, dated an hour back (behind every command pushed so far), whose notice stays in that server.
 * Not handOverAll: its round notifies this process, whose push would read the command at once,
 * before it could be dated back.
 */
async function handOverElsewhere(deadLetterId: string): Promise<string> {
  const { requestId } = await requestReprocess(
    { ids: [deadLetterId], idempotencyKey: randomUUID(), ratePerSecond: MAX_RATE_PER_SECOND },
    SYSTEM,
  );
  return withTransaction(async (c) => {
    await c.query(HAND_OVER_SQL, [requestId, 1, 1, null]); // its one item, at position 1, no target
    const { rows } = await c.query<{ command_id: string }>(
      `UPDATE reprocess_items SET sent_at = sent_at - interval '1 hour'
       WHERE request_id = $1 AND state = 'sent' RETURNING command_id`,
      [requestId],
    );
    if (rows.length !== 1) throw new Error("the late command was not handed over");
    return rows[0]!.command_id;
  });
}

describe("/collectors push window", () => {
  it("pushes at most the window; each recorded result lets one more through, until all are done", async () => {
    const { first, commandIds } = await withCommands(12);
    await until(() => (first.pushed.length >= WINDOW ? true : undefined), "the first push");
    // One push carries a whole page: without a window all 12 would have come in it.
    expect(first.pushed.map((c) => c.commandId)).toEqual(commandIds.slice(0, WINDOW));
    // A push writes nothing: all twelve stay open until answered, and a dozen sweeps later still
    // only the window has been pushed, once each.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(first.pushed.map((c) => c.commandId)).toEqual(commandIds.slice(0, WINDOW));
    expect(await states(commandIds)).toEqual({ sent: 12 });

    expect(await answer(first, commandIds.slice(0, 2))).toEqual({ stored: 2 });
    await until(() => (first.pushed.length >= WINDOW + 2 ? true : undefined), "two more pushed");
    expect(first.pushed.map((c) => c.commandId)).toEqual(commandIds.slice(0, WINDOW + 2));

    // An agent answering everything it gets drains the rest, each command pushed once.
    answerEverything(first);
    await answer(first, commandIds.slice(2, WINDOW + 2));
    await until(async () => ((await states(commandIds)).succeeded === 12 ? true : undefined), "all done");
    expect(first.pushed.map((c) => c.commandId)).toEqual(commandIds);
  });

  it("after a reconnect pushes what the agent held again first, still within the window", async () => {
    const { first, token, broker, commandIds } = await withCommands(8);
    await until(() => (first.pushed.length >= WINDOW ? true : undefined), "the first push");
    first.socket.close();

    const again = await agent(token, broker);
    await until(() => (again.pushed.length >= WINDOW ? true : undefined), "the repeated push");
    expect(again.pushed.map((c) => c.commandId)).toEqual(commandIds.slice(0, WINDOW));
    expect(await answer(again, commandIds.slice(0, WINDOW))).toEqual({ stored: WINDOW });
    await until(() => (again.pushed.length >= 8 ? true : undefined), "the rest");
    expect(again.pushed.map((c) => c.commandId)).toEqual(commandIds);
  });

  it("pushes a command committed behind its cursor: the next sweep reads from the start", async () => {
    const { first, broker, commandIds } = await withCommands(2);
    answerEverything(first);
    await answer(first, commandIds);
    await until(async () => ((await states(commandIds)).succeeded === 2 ? true : undefined), "both done");
    // A command older than the two (another server's round committing late, say): no notice reaches
    // this process, and a round reading on from its cursor would never see it.
    const lateId = await handOverElsewhere(await storeDeadLetter({ broker }));
    await until(
      async () => ((await states([lateId])).succeeded === 1 ? true : undefined),
      "the late one done",
    );
    expect(first.pushed.filter((c) => c.commandId === lateId).length).toBeGreaterThanOrEqual(1);
  });
});
