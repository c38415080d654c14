// Test data for the collectors area: dead letters stored through the real ingest path.
import { randomBytes } from "node:crypto";
import { pool } from "@/lib/db/client";
import { ingestBody } from "@/lib/ingest/ingest-batch";
import type { DeadLetterInput } from "@/lib/ingest/schemas";
import { makeDeadLetter } from "@/lib/ingest/test-factories";

/** Stores one dead letter (ingest's defaults, then `overrides`) and returns its id. */
export async function storeDeadLetter(overrides: Partial<DeadLetterInput> = {}): Promise<string> {
  const item = makeDeadLetter({ id: `dl-${randomBytes(6).toString("hex")}`, ...overrides });
  const result = await ingestBody(JSON.stringify({ deadLetters: [item] }));
  if (result.accepted !== 1) throw new Error(`dead letter not stored: ${JSON.stringify(result.rejected)}`);
  const { rows } = await pool().query<{ id: string }>(
    `SELECT d.id FROM dead_letters d JOIN brokers b ON b.id = d.broker_id WHERE b.name = $1 AND d.dedupe_key = $2`,
    [item.broker, item.id],
  );
  const id = rows[0]?.id;
  if (!id) throw new Error("stored dead letter not found");
  return id;
}
