// The floor under any reprocess of stored dead letters, measured in the same run as the real path
// (bench/reprocess.ts): the least work a design must do that republishes what Postgres stores and
// shows each dead letter `reprocessed` afterwards. The payloads are read from dead_letters in pages,
// published on one confirm channel as fast as the socket takes them (the plain loop's way), and each
// page, once the broker confirmed all of it, is marked `reprocessed` in one UPDATE — the one write
// per message the DLQ page's state needs, with its triggers (counts, handled_at). Nothing else: no
// request, no items, no commands, no server-to-collector hop, no write ahead of the publish (so a
// crash here could lose or duplicate; the real path may not), all in one process. A real design can
// only be slower; if the floor's ratio to the plain loop is below a target, so is every design's.
import { randomUUID } from "node:crypto";
import type amqp from "amqplib";
import type { Hop } from "./reprocess-hop";
import { pool } from "@/lib/db/client";

/** A header the bench's counter tells the floor's copies apart by. */
export const FLOOR_HEADER = "x-bench-floor";
const PAGE = 1_000;

/** Moves the bench's dead letters back to `pending` and vacuums them (untimed, before the floor). */
export async function resetForFloor(brokerName: string): Promise<void> {
  await pool().query(
    `UPDATE dead_letters SET state = 'pending' WHERE broker_id = (SELECT id FROM brokers WHERE name = $1)`,
    [brokerName],
  );
  await pool().query("VACUUM (ANALYZE) dead_letters");
}

/**
 * What is written before the first publish, all at once as request creation does it:
 * - "none": nothing (the floor itself);
 * - "items": a request and one pending item per dead letter (reprocess_items, as today), the dead
 *   letters left as they are; a confirmed page's items are closed in the statement that marks it.
 * - "paged": the least a design with a write-ahead needs, in its cheapest order: each page's items
 *   are inserted just before the page is published (not all at creation), and the confirmed page's
 *   items are closed in the same statement that marks its dead letters.
 */
export type Ahead = "none" | "items" | "paged";

const REQUEST_SQL = `INSERT INTO reprocess_requests (id, idempotency_key, body_hash, selector, rate_per_second, state, finished_at)
  VALUES (gen_random_uuid(), gen_random_uuid()::text, 'bench-floor', '{}', 1, 'done', now()) RETURNING id`;

async function writeAhead(brokerName: string, ahead: Ahead): Promise<string | null> {
  const broker = "(SELECT id FROM brokers WHERE name = $1)";
  if (ahead === "none") return null;
  const { rows } = await pool().query<{ id: string }>(REQUEST_SQL);
  const request = rows[0]!.id;
  // Positions in the order the pages are read, so a page's items are one range of positions.
  if (ahead === "items")
    await pool().query(
      `INSERT INTO reprocess_items (request_id, position, dead_letter_id, previous_state)
       SELECT $2, row_number() OVER (ORDER BY d.id), d.id, d.state
       FROM dead_letters d WHERE d.broker_id = ${broker} AND d.state = 'pending'`,
      [brokerName, request],
    );
  return request;
}

/** Pages handed to the hop and not marked yet, at most (about the real path's commands in flight). */
const HOP_PAGES_IN_FLIGHT = 4;

/**
 * Seconds from the first read to the last page marked; returns how many were marked too. With a
 * `hop` (bench/reprocess-hop.ts) the pages are published by an agent on the other end of a
 * socket.io connection instead of here.
 */
export async function floorReprocess(
  conn: amqp.ChannelModel,
  o: { brokerName: string; exchange: string; routingKey: string; ahead: Ahead; hop?: Hop },
): Promise<{ seconds: number; marked: number }> {
  const ch = await conn.createConfirmChannel();
  const started = performance.now();
  const request = await writeAhead(o.brokerName, o.ahead);
  let position = 0;
  const marks: Promise<number>[] = [];
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const { rows } = await pool().query<{ id: string; payload: Buffer; content_type: string | null }>(
      `SELECT d.id, d.payload, d.content_type FROM dead_letters d
       WHERE d.broker_id = (SELECT id FROM brokers WHERE name = $1) AND d.state = 'pending' AND d.id > $2
       ORDER BY d.id LIMIT $3`,
      [o.brokerName, after, PAGE],
    );
    if (rows.length === 0) break;
    after = rows.at(-1)!.id;
    const first = position;
    position += rows.length;
    if (o.ahead === "paged")
      await pool().query(
        `INSERT INTO reprocess_items (request_id, position, dead_letter_id, previous_state)
         SELECT $1, $2 + u.ord::int, u.id, 'pending' FROM unnest($3::uuid[]) WITH ORDINALITY AS u(id, ord)`,
        [request, first, rows.map((r) => r.id)],
      );
    if (o.hop && marks.length >= HOP_PAGES_IN_FLIGHT) await marks[marks.length - HOP_PAGES_IN_FLIGHT];
    const confirmed = o.hop ? handOver(o.hop, rows, o) : (await publish(ch, rows, o)).confirmed;
    const ids = rows.map((r) => r.id);
    marks.push(
      confirmed.then(async () => {
        const { rowCount } =
          request === null
            ? await pool().query(
                "UPDATE dead_letters SET state = 'reprocessed' WHERE id = ANY($1::uuid[]) AND state = 'pending'",
                [ids],
              )
            : await pool().query(
                `WITH i AS (
                   UPDATE reprocess_items SET state = 'succeeded', finished_at = now()
                   WHERE request_id = $1 AND position BETWEEN $2 AND $3 AND state = 'pending' RETURNING dead_letter_id
                 )
                 UPDATE dead_letters d SET state = 'reprocessed' FROM i WHERE d.id = i.dead_letter_id AND d.state = 'pending'`,
                [request, first + 1, first + rows.length],
              );
        return rowCount ?? 0;
      }),
    );
  }
  const marked = (await Promise.all(marks)).reduce((a, b) => a + b, 0);
  const seconds = (performance.now() - started) / 1000;
  await ch.close();
  return { seconds, marked };
}

type Row = { id: string; payload: Buffer; content_type: string | null };
type Where = { exchange: string; routingKey: string };

/**
 * Publishes a page here, the plain loop's way: returns once the socket took all of it, with what
 * resolves when the broker confirmed all of it.
 */
async function publish(
  ch: amqp.ConfirmChannel,
  rows: Row[],
  o: Where,
): Promise<{ confirmed: Promise<void> }> {
  const confirmed: Promise<void>[] = [];
  for (const r of rows) {
    let ok = true;
    confirmed.push(
      new Promise<void>((resolve, reject) => {
        ok = ch.publish(
          o.exchange,
          o.routingKey,
          r.payload,
          { contentType: r.content_type ?? undefined, headers: { [FLOOR_HEADER]: r.id } },
          (err: unknown) => (err ? reject(err as Error) : resolve()),
        );
      }),
    );
    if (!ok) await new Promise((resolve) => ch.once("drain", resolve));
  }
  return { confirmed: Promise.all(confirmed).then(() => undefined) };
}

/** Hands a page to the agent as commands; resolves when it answered that all were confirmed. */
async function handOver(hop: Hop, rows: Row[], o: Where): Promise<void> {
  const results = await hop.send(
    rows.map((r) => ({
      commandId: randomUUID(),
      destination: { channel: o.exchange, subject: o.routingKey },
      headers: { [FLOOR_HEADER]: r.id },
      payload: r.payload.toString("utf8"),
      payloadEncoding: "utf8" as const,
      ...(r.content_type === null ? {} : { contentType: r.content_type }),
    })),
  );
  if (results.some((r) => !r.ok)) throw new Error("the hop's agent could not publish a page");
}
