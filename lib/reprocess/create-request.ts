// POST /api/v1/dead-letters/reprocess: a dry run says what would happen; otherwise one request is
// created per idempotency key (a repeat, even a concurrent one, gets the same request back), each of
// its dead letters gets one pending item (which makes it `reprocessing`: lib/dead-letters/filter.ts;
// the dead letter's row is not written), and the server's dispatcher (lib/reprocess/dispatch.ts)
// hands the items to collectors at the request's rate.
import { createHash, randomUUID } from "node:crypto";
import type pg from "pg";
import { recordAudit } from "@/lib/audit/record-audit";
import { pool, withTransaction } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { ORIGINAL_DESTINATION_SQL, planReprocess, type Plan } from "@/lib/reprocess/plan";
import {
  DEFAULT_RATE_PER_SECOND,
  selectorOf,
  type ReprocessBody,
  type Selector,
} from "@/lib/reprocess/schemas";
import { selectorSummary } from "@/lib/reprocess/selector-sql";
import { validateEdit, type CommandOverride } from "@/lib/reprocess/validate-edit";
import type { Requester } from "@/lib/reprocess/who";

export type DryRun = {
  dryRun: true;
  count: number;
  skipped: Plan["skipped"];
  destinations: Plan["destinations"];
};
export type Created = { requestId: string; created: boolean };

export async function dryRunReprocess(body: ReprocessBody): Promise<DryRun> {
  const selector = selectorOf(body);
  const plan = await planReprocess(pool(), selector, {
    target: body.target,
    force: body.force ?? false,
    lock: false,
  });
  if (body.edit) await validateEdit(plan.items[0]?.event_type ?? null, body.edit);
  return { dryRun: true, count: plan.items.length, skipped: plan.skipped, destinations: plan.destinations };
}

export async function requestReprocess(body: ReprocessBody, who: Requester): Promise<Created> {
  const key = body.idempotencyKey!;
  const selector = selectorOf(body);
  const hash = bodyHash(body, selector);
  const known = await existing(pool(), key, hash);
  if (known) return known;
  const created = await withTransaction(async (db) => {
    const id = randomUUID();
    // A concurrent request with the same key waits here for the first to commit, then inserts nothing.
    const { rowCount } = await db.query(
      `INSERT INTO reprocess_requests (id, idempotency_key, body_hash, requested_by, requested_by_label, selector, target, force, rate_per_second)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (idempotency_key) DO NOTHING`,
      [
        id,
        key,
        hash,
        who.userId,
        who.actor.label ?? null,
        JSON.stringify(selectorSummary(selector)),
        body.target ? JSON.stringify(body.target) : null,
        body.force ?? false,
        body.ratePerSecond ?? DEFAULT_RATE_PER_SECOND,
      ],
    );
    if (rowCount === 0) return null;
    await fill(db, id, body, selector, who);
    return { requestId: id, created: true };
  });
  return created ?? (await existing(pool(), key, hash))!;
}

async function existing(db: Pick<pg.Pool, "query">, key: string, hash: string): Promise<Created | null> {
  const { rows } = await db.query<{ id: string; body_hash: string }>(
    "SELECT id, body_hash FROM reprocess_requests WHERE idempotency_key = $1",
    [key],
  );
  const row = rows[0];
  if (!row) return null;
  if (row.body_hash !== hash)
    throw new AppError(
      "conflict",
      "this idempotencyKey was already used for a different reprocess request; use a new key for a new request",
      { requestId: row.id },
    );
  return { requestId: row.id, created: false };
}

async function fill(db: pg.PoolClient, id: string, body: ReprocessBody, selector: Selector, who: Requester) {
  const plan = await planReprocess(db, selector, {
    target: body.target,
    force: body.force ?? false,
    lock: true,
  });
  if (plan.items.length === 0)
    throw new AppError("conflict", `nothing to reprocess: ${describeSkipped(plan.skipped)}`, {
      skipped: plan.skipped,
    });
  let override: CommandOverride | undefined;
  if (body.edit) override = await validateEdit(plan.items[0]!.event_type, body.edit);
  const ids = plan.items.map((c) => c.id);
  // The dead letters are locked (the plan): their rows are as the plan read them. Each item carries
  // its dead letter's counts cell and failure times (lib/dead-letters/list-groups.ts), its broker
  // and original destination (the hand-over's, lib/reprocess/dispatch.ts).
  await db.query(
    `INSERT INTO reprocess_items (request_id, position, dead_letter_id, previous_state, payload_override, headers_override,
                                  group_id, channel_id, first_failed_at, last_failed_at, broker_id, destination)
     SELECT $1, u.ord::int, d.id, d.state, $3, $4, d.group_id, d.channel_id, d.first_failed_at, d.last_failed_at,
            d.broker_id, ${ORIGINAL_DESTINATION_SQL}
     FROM unnest($2::uuid[]) WITH ORDINALITY AS u(id, ord)
     JOIN dead_letters d ON d.id = u.id LEFT JOIN channels oc ON oc.id = d.original_channel_id`,
    [
      id,
      ids,
      override?.payload ?? null,
      override?.headers === undefined ? null : JSON.stringify(override.headers),
    ],
  );
  const skipped = Object.values(plan.skipped).reduce((a, b) => a + b, 0);
  await db.query("UPDATE reprocess_requests SET total = $2::int, skipped = $3::int WHERE id = $1", [
    id,
    ids.length,
    skipped,
  ]);
  await recordAudit(
    {
      actor: who.actor,
      ip: who.ip,
      action: "dlq.reprocess_requested",
      target: `reprocess:${id}`,
      details: {
        requestId: id,
        count: ids.length,
        skipped: plan.skipped,
        selector: selectorSummary(selector),
        target: body.target ?? "original destination",
        ...(body.force ? { force: true } : {}),
        ...(body.edit ? { edited: Object.keys(body.edit) } : {}),
      },
    },
    db,
  );
}

function describeSkipped(s: Plan["skipped"]): string {
  const parts = [
    s.running && `${s.running} already in a running request`,
    s.reprocessed && `${s.reprocessed} already reprocessed (send "force": true to include them)`,
    s.discarded && `${s.discarded} discarded`,
    s.noDestination && `${s.noDestination} without a known original destination (choose a "target")`,
  ].filter(Boolean);
  return parts.length === 0 ? "no dead letter matches" : parts.join(", ");
}

/**
 * The body without its key, in a stable order, ids as a set: a repeat is recognised however its
 * JSON was written.
 */
function bodyHash(body: ReprocessBody, selector: Selector): string {
  const { idempotencyKey: _key, ids: _ids, filter: _filter, groupId: _group, ...rest } = body;
  const normal = "ids" in selector ? { ids: [...selector.ids].sort() } : selector;
  return createHash("sha256")
    .update(stable({ ...rest, selector: normal }))
    .digest("hex");
}

function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(",")}]`;
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (v !== null && typeof v === "object")
    return `{${Object.keys(v)
      .sort()
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(v);
}
