// The test stack (stack.ts) plus what a reprocess test drives end to end: a signed-in operator
// calling the reprocess API, and the server's reprocess dispatcher, which can be stopped and
// started again (a server restart mid-batch). Request → dispatcher → /collectors command →
// collector republish → result recorded → dead letter "reprocessed", all real.
import { randomUUID } from "node:crypto";
import { POST as reprocessRoute } from "@/app/api/v1/dead-letters/reprocess/route";
import { GET as progressRoute } from "@/app/api/v1/reprocess/[id]/route";
import type { RepublishRequest } from "@/collectors/core/adapter";
import { toRequest } from "@/collectors/core/command-channel";
import { CommandLog } from "@/collectors/core/command-log";
import { eventually, startStack, type Stack } from "@/collectors/testing/stack";
import { pendingCommands } from "@/lib/collectors/pending-commands";
import { pool } from "@/lib/db/client";
import type { ReprocessRequestDetail } from "@/lib/reprocess/get-request";
import { sessionOf } from "@/lib/testing/auth-callers";
import { call, makeUser, type Called, type Caller } from "@/lib/testing/http-client";
import { startReprocessDispatcher, type ReprocessDispatcher } from "@/server/reprocess-dispatcher";

/**
 * An application on a broker beside the stack, with a collector observing it and taking in its
 * dead letters (collectors/testing/<broker>-app.ts): what the reprocess scenario drives.
 */
export type BrokerApp = {
  /** Its destinations (exchanges, streams, stream keys); the first is the default. */
  streams: string[];
  collector: Awaited<ReturnType<Stack["collector"]>>;
  /** Starts a new collector for the broker (a restart: pass the stopped one's dir). */
  restartCollector: (dir?: string) => Promise<void>;
  /**
   * Publishes `count` messages `{"type":…,"n":i}` of `type` (in the broker's type header, field or
   * property) to a destination, by default the first.
   */
  publish: (type: string, count: number, stream?: string) => Promise<void>;
  /** Publishes a message after everything else and waits until the application got it. */
  sentinel: (stream?: string) => Promise<void>;
  /** How often the application got each republished (reprocess-id marked) body of `type`. */
  copies: (type: string) => Map<string, number>;
  /** Deletes a destination (and stops what consumes it there): it no longer exists. */
  deleteStream: (stream: string) => Promise<void>;
  /** Stops the consumers and the collector and removes what the application made on the broker. */
  close: () => Promise<void>;
};

export type ReprocessStack = Stack & {
  /** A signed-in operator (the role reprocessing needs). */
  operator: Caller;
  /** POST /api/v1/dead-letters/reprocess as the operator, with a fresh idempotency key unless given. */
  request: (body: Record<string, unknown>) => Promise<Called>;
  /** request() that must be accepted (202): the request id. */
  reprocess: (body: Record<string, unknown>) => Promise<string>;
  /**
   * The same body with the same idempotency key posted twice (a double click, a retried call):
   * throws unless both are accepted naming one request, created by the first only. Its id.
   */
  sameKeyTwice: (body: Record<string, unknown>) => Promise<string>;
  /** GET /api/v1/reprocess/{id}: progress as the dispatcher last recorded it. */
  progress: (requestId: string) => Promise<ReprocessRequestDetail>;
  /** Waits for the request to be done; its final progress. */
  finished: (requestId: string, timeoutMs?: number) => Promise<ReprocessRequestDetail>;
  /** The one failure group the dead letters of `eventType` fall in. */
  groupOf: (eventType: string) => Promise<string>;
  /** How many collector commands (republishes asked for) the dead letters of `eventType` ever had. */
  commandsFor: (eventType: string) => Promise<number>;
  /** How many dead letters of `eventType` are in each state. */
  states: (eventType: string) => Promise<Record<string, number>>;
  /**
   * Leaves behind what a collector killed at the worst moment leaves: the broker confirmed the
   * republish of `count` of its commands (all open ones when fewer), but no outcome reached its
   * command log, which says "started". Call it with the collector stopped and its commands
   * enqueued; restarted on `dir`, it runs them again as possible duplicates, and only the
   * broker's own dedupe stands between them and a second copy. The crashed command ids.
   */
  crashAfterConfirm: (o: {
    dir: string;
    count: number;
    republish: (req: RepublishRequest) => Promise<void>;
  }) => Promise<string[]>;
  /** The server's reprocess dispatcher stops (as in a server restart) / a new one starts. */
  stopDispatcher: () => Promise<void>;
  startDispatcher: () => void;
};

/** The stack plus an operator, the reprocess API and the dispatcher (every 20 ms), stopped by close(). */
export async function startReprocessStack(): Promise<ReprocessStack> {
  const stack = await startStack();
  const operator = await sessionOf(await makeUser("operator"));
  let dispatcher: ReprocessDispatcher | undefined;
  const startDispatcher = () => {
    dispatcher ??= startReprocessDispatcher({ log: { error: () => undefined }, intervalMs: 20 });
  };
  const stopDispatcher = async () => {
    const d = dispatcher;
    dispatcher = undefined;
    await d?.stop();
  };
  const request = (body: Record<string, unknown>) =>
    call(reprocessRoute, "/api/v1/dead-letters/reprocess", operator, {
      method: "POST",
      body: { idempotencyKey: randomUUID(), ...body },
    });
  const progress = async (id: string) =>
    (await call(progressRoute, `/api/v1/reprocess/${id}`, operator, { params: { id } }))
      .body as unknown as ReprocessRequestDetail;
  startDispatcher();
  return {
    ...stack,
    operator,
    request,
    async reprocess(body) {
      const res = await request(body);
      if (res.status !== 202)
        throw new Error(`reprocess answered ${res.status}: ${JSON.stringify(res.body)}`);
      return res.body.requestId as string;
    },
    async sameKeyTwice(body) {
      const key = randomUUID();
      const first = await request({ ...body, idempotencyKey: key });
      const second = await request({ ...body, idempotencyKey: key });
      const oneRequest =
        first.status === 202 &&
        second.status === 202 &&
        first.body.created === true &&
        second.body.created === false &&
        first.body.requestId === second.body.requestId;
      if (!oneRequest)
        throw new Error(`the same key twice answered ${JSON.stringify([first.body, second.body])}`);
      return first.body.requestId as string;
    },
    progress,
    async finished(id, timeoutMs = 30_000) {
      await eventually(`request ${id} done`, async () => (await progress(id)).state === "done", timeoutMs);
      return progress(id);
    },
    async groupOf(eventType) {
      const { rows } = await pool().query<{ group_id: string }>(
        "SELECT DISTINCT group_id FROM dead_letters WHERE event_type = $1",
        [eventType],
      );
      if (rows.length !== 1)
        throw new Error(`the ${eventType} dead letters fall in ${rows.length} groups, not one`);
      return rows[0]!.group_id;
    },
    commandsFor: (eventType) =>
      stack.count(
        `SELECT count(*) AS n FROM reprocess_items i JOIN dead_letters d ON d.id = i.dead_letter_id
         WHERE d.event_type = $1 AND i.command_id IS NOT NULL`,
        [eventType],
      ),
    async states(eventType) {
      const { rows } = await pool().query<{ state: string; n: number }>(
        "SELECT state, count(*)::int AS n FROM dead_letters WHERE event_type = $1 GROUP BY 1 ORDER BY 1",
        [eventType],
      );
      return Object.fromEntries(rows.map((r) => [r.state, r.n]));
    },
    async crashAfterConfirm({ dir, count, republish }) {
      const { rows } = await pool().query<{ id: string }>("SELECT id FROM collectors WHERE name = $1", [
        stack.collectorName,
      ]);
      const page = await pendingCommands(rows[0]!.id, { limit: count });
      const crashed = page.commands.slice(0, count);
      for (const c of crashed) await republish(toRequest(c));
      const log = await CommandLog.open(dir);
      await log.markStarted(...crashed.map((c) => c.commandId));
      return crashed.map((c) => c.commandId);
    },
    stopDispatcher,
    startDispatcher,
    async close() {
      await stopDispatcher();
      await stack.close();
    },
  };
}

/** How often each `{"type":…}` JSON body of `type` occurs among `bodies` (other bodies are left out). */
export function copiesOf(type: string, bodies: Iterable<string>): Map<string, number> {
  const copies = new Map<string, number>();
  for (const body of bodies) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      continue;
    }
    if ((parsed as { type?: unknown } | null)?.type === type) copies.set(body, (copies.get(body) ?? 0) + 1);
  }
  return copies;
}
