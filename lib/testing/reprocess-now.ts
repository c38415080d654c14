// Reprocess dead letters the one way production does — a reprocess request, handed over by the
// dispatcher — and wait until it is: for tests of what happens to the commands after (the
// /collectors push, results, the agents), without a server's dispatcher on a timer.
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { ReprocessDestination } from "@/lib/collectors/schemas";
import { pool } from "@/lib/db/client";
import { requestReprocess } from "@/lib/reprocess/create-request";
import { dispatchRound } from "@/lib/reprocess/dispatch";
import { MAX_RATE_PER_SECOND } from "@/lib/reprocess/schemas";
import { SYSTEM, type Requester } from "@/lib/reprocess/who";

export type HandedOver = {
  deadLetterId: string;
  /** null when the hand-over failed it (see `error`). */
  commandId: string | null;
  collectorId: string | null;
  state: string;
  error: string | null;
};

export type ReprocessNowOptions = { target?: ReprocessDestination; force?: boolean; who?: Requester };

/** The request's items in the order the ids were given, once none is pending any more. */
export async function reprocessNow(
  deadLetterIds: readonly string[],
  o: ReprocessNowOptions = {},
): Promise<HandedOver[]> {
  const { requestId } = await requestReprocess(
    {
      ids: [...deadLetterIds],
      idempotencyKey: randomUUID(),
      ratePerSecond: MAX_RATE_PER_SECOND,
      ...(o.target ? { target: o.target } : {}),
      ...(o.force ? { force: true } : {}),
    },
    o.who ?? SYSTEM,
  );
  for (let round = 0; ; round++) {
    const items = await itemsOf(requestId);
    if (!items.some((i) => i.state === "pending")) return items;
    if (round === 200) throw new Error(`reprocessNow: request ${requestId} still has pending items`);
    // "locked" means another dispatcher (a test server's) has the round; look again after it.
    const r = await dispatchRound((_id, _rate, room) => room, { progress: false });
    if ("skipped" in r) await sleep(25);
  }
}

/**
 * The command ids of these dead letters' items, in the order given, once all are handed over; throws
 * naming the item when one was not (its error says why).
 */
export async function handOverAll(
  deadLetterIds: readonly string[],
  o: ReprocessNowOptions = {},
): Promise<string[]> {
  return (await reprocessNow(deadLetterIds, o)).map((i) => {
    if (i.state !== "sent" || i.commandId === null) throw new Error(`not handed over: ${JSON.stringify(i)}`);
    return i.commandId;
  });
}

/** One dead letter's command id, once handed over (handOverAll). */
export async function handOver(deadLetterId: string, o: ReprocessNowOptions = {}): Promise<string> {
  const [id] = await handOverAll([deadLetterId], o);
  return id!;
}

async function itemsOf(requestId: string): Promise<HandedOver[]> {
  const { rows } = await pool().query<HandedOver>(
    `SELECT dead_letter_id AS "deadLetterId", command_id AS "commandId", collector_id AS "collectorId", state, error
     FROM reprocess_items WHERE request_id = $1 ORDER BY position`,
    [requestId],
  );
  return rows;
}
