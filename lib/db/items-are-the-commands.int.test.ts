// Migration 20261212000000_items_are_the_commands on a database that has lived with
// collector_commands: every command ends up on a reprocess item (its own, or an imported request's
// when it was made without one), open ones stay open for the push, pending items get what their
// hand-over needs, and nothing a dead letter's history or the Collectors page shows is lost.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCollectorToken } from "@/lib/auth/collector-tokens";
import { pool } from "@/lib/db/client";
import { storeDeadLetter } from "@/lib/collectors/test-factories";
import { databaseBefore, type DatabaseBefore } from "@/lib/testing/migration-step";

const MIGRATION = "20261212000000_items_are_the_commands";

type Item = {
  request_id: string;
  state: string;
  command_id: string | null;
  collector_id: string | null;
  broker_id: number | null;
  destination: unknown;
  possible_duplicate: boolean;
  error: string | null;
  sent_at: Date | null;
  finished_at: Date | null;
};

const ids: Record<string, string> = {};
let collectorId: string;
let operatorId: string;

let db: DatabaseBefore;

beforeAll(async () => {
  db = await databaseBefore(MIGRATION);
  ({
    collector: { id: collectorId },
  } = await createCollectorToken("rabbit-agent"));
  for (const k of ["sentItem", "doneItem", "pendingItem", "orphanDone", "orphanOpen"])
    ids[k] = await storeDeadLetter({ headers: { "x-eventscope-original-subject": `orders.${k}` } });
  ids.noOrigin = await storeDeadLetter({ originalChannel: undefined });
  operatorId = randomUUID();
  await pool().query(
    "INSERT INTO users (id, email, name, role) VALUES ($1, 'olga@example.com', 'Olga', 'operator')",
    [operatorId],
  );
  // A running request: one item in flight with its command, one finished, two not handed over yet.
  const requestId = randomUUID();
  await pool().query(
    `INSERT INTO reprocess_requests (id, idempotency_key, body_hash, requested_by, selector, rate_per_second)
     VALUES ($1::uuid, $1::text, 'h', $2, '{}', 10)`,
    [requestId, operatorId],
  );
  const command = async (dl: string, state: string, o: { requestedBy?: string; dup?: boolean } = {}) => {
    const id = randomUUID();
    const finished = state === "succeeded" || state === "failed";
    await pool().query(
      `INSERT INTO collector_commands (id, collector_id, dead_letter_id, destination, state, error, possible_duplicate,
                                       attempts, created_at, finished_at, requested_by)
       VALUES ($1, $2, $3, '{"channel":"orders","subject":"x"}', $4, $5, $6, 1, now() - interval '1 hour',
               CASE WHEN $7 THEN now() END, $8)`,
      [
        id,
        collectorId,
        dl,
        state,
        state === "failed" ? "no route" : null,
        o.dup ?? false,
        finished,
        o.requestedBy ?? null,
      ],
    );
    return id;
  };
  ids.sentCommand = await command(ids.sentItem!, "pending");
  ids.doneCommand = await command(ids.doneItem!, "succeeded", { dup: true });
  await pool().query(
    `INSERT INTO reprocess_items (request_id, position, dead_letter_id, state, previous_state, command_id, sent_at, finished_at)
     VALUES ($1, 1, $2, 'sent', 'pending', $3, now(), NULL), ($1, 2, $4, 'succeeded', 'pending', $5, now(), now()),
            ($1, 3, $6, 'pending', 'pending', NULL, NULL, NULL), ($1, 4, $7, 'pending', 'pending', NULL, NULL, NULL)`,
    [requestId, ids.sentItem, ids.sentCommand, ids.doneItem, ids.doneCommand, ids.pendingItem, ids.noOrigin],
  );
  ids.request = requestId;
  // Commands made without a request: one by the operator (finished), one by the system (open).
  ids.orphanDoneCommand = await command(ids.orphanDone!, "failed", { requestedBy: operatorId });
  ids.orphanOpenCommand = await command(ids.orphanOpen!, "sent");
  expect(await db.migrateAcross()).toEqual([MIGRATION]);
});

afterAll(async () => db.drop());

async function itemOf(deadLetterId: string): Promise<Item> {
  const { rows } = await pool().query<Item>(
    `SELECT request_id, state, command_id, collector_id, broker_id, destination, possible_duplicate, error, sent_at, finished_at
     FROM reprocess_items WHERE dead_letter_id = $1`,
    [deadLetterId],
  );
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

describe(`migration ${MIGRATION}`, () => {
  it("puts each command's collector, destination and outcome on its item", async () => {
    expect(await itemOf(ids.sentItem!)).toMatchObject({
      state: "sent",
      command_id: ids.sentCommand,
      collector_id: collectorId,
      destination: { channel: "orders", subject: "x" },
      finished_at: null,
    });
    expect(await itemOf(ids.doneItem!)).toMatchObject({
      state: "succeeded",
      command_id: ids.doneCommand,
      collector_id: collectorId,
      possible_duplicate: true,
    });
  });

  it("gives a pending item its broker and original destination, or none when unknown", async () => {
    const { rows } = await pool().query<{ id: number }>("SELECT id FROM brokers WHERE name = 'rabbit'");
    expect(await itemOf(ids.pendingItem!)).toMatchObject({
      state: "pending",
      command_id: null,
      broker_id: rows[0]!.id,
      destination: { channel: "orders", subject: "orders.pendingItem" },
    });
    expect(await itemOf(ids.noOrigin!)).toMatchObject({
      state: "pending",
      broker_id: rows[0]!.id,
      destination: null,
    });
  });

  it("imports commands made without a request, one request per requester, open ones still open", async () => {
    const done = await itemOf(ids.orphanDone!);
    const open = await itemOf(ids.orphanOpen!);
    expect(done).toMatchObject({ state: "failed", command_id: ids.orphanDoneCommand, error: "no route" });
    expect(open).toMatchObject({
      state: "sent",
      command_id: ids.orphanOpenCommand,
      collector_id: collectorId,
    });
    expect(open.finished_at).toBeNull();
    const { rows } = await pool().query<{
      id: string;
      requested_by: string | null;
      state: string;
      total: number;
      sent: number;
      failed: number;
    }>(
      `SELECT id, requested_by, state, total, sent, failed FROM reprocess_requests
       WHERE idempotency_key LIKE 'imported-commands:%' ORDER BY requested_by NULLS LAST`,
    );
    expect(rows).toMatchObject([
      { id: done.request_id, requested_by: operatorId, state: "done", total: 1, sent: 1, failed: 1 },
      { id: open.request_id, requested_by: null, state: "running", total: 1, sent: 1, failed: 0 },
    ]);
  });

  it("drops collector_commands and keeps the open rule on every item", async () => {
    const { rows } = await pool().query<{ t: string | null; bad: number }>(
      `SELECT to_regclass('collector_commands')::text AS t,
              (SELECT count(*)::int FROM reprocess_items WHERE (state IN ('pending', 'sent')) <> (finished_at IS NULL)) AS bad`,
    );
    expect(rows).toEqual([{ t: null, bad: 0 }]);
    // The running request's item in flight is still the push's to send (its collector's open commands).
    const { rows: open } = await pool().query<{ command_id: string }>(
      "SELECT command_id FROM reprocess_items WHERE collector_id = $1 AND state = 'sent' ORDER BY sent_at, command_id",
      [collectorId],
    );
    expect(open.map((r) => r.command_id).sort()).toEqual([ids.sentCommand, ids.orphanOpenCommand].sort());
  });
});
