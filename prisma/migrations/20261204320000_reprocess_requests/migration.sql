-- Bulk reprocessing (issue 7): a request (ids, a filter or a failure group) becomes one item per
-- dead letter; the server's dispatcher turns pending items into collector commands at the request's
-- rate. reprocess_requests / reprocess_items existed unused since the init migration and are empty:
-- they are recreated in the shape the engine needs.

DROP TABLE "reprocess_items";
DROP TABLE "reprocess_requests";

CREATE TABLE "reprocess_requests" (
    "id" UUID NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    -- A digest of the request body: the same key with another body is refused, not mistaken for a repeat.
    "body_hash" TEXT NOT NULL,
    "requested_by" UUID,
    "requested_by_label" TEXT,
    -- { ids } | { filter } | { groupId }, as the caller sent it
    "selector" JSONB NOT NULL,
    -- { channel, subject? }; null: each message's original destination
    "target" JSONB,
    "force" BOOLEAN NOT NULL DEFAULT false,
    "rate_per_second" INTEGER NOT NULL,
    -- running → done (every item finished) | cancelled (pending items dropped; sent ones still finish)
    "state" TEXT NOT NULL DEFAULT 'running',
    -- Progress, recomputed from the items by the dispatcher (skipped: matched but not taken, at creation).
    "total" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "sent" INTEGER NOT NULL DEFAULT 0,
    "succeeded" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "cancelled" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- Set once no item is pending or sent (also after a cancel, when the sent ones finished).
    "finished_at" TIMESTAMPTZ(3),
    CONSTRAINT "reprocess_requests_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "reprocess_requests_state_check" CHECK ("state" IN ('running', 'done', 'cancelled')),
    CONSTRAINT "reprocess_requests_rate_check" CHECK ("rate_per_second" > 0)
);
CREATE UNIQUE INDEX "reprocess_requests_idempotency_key_key" ON "reprocess_requests"("idempotency_key");
CREATE INDEX "reprocess_requests_created_at_id_idx" ON "reprocess_requests"("created_at", "id");
-- The dispatcher's question: which requests still have work or progress to record.
CREATE INDEX "reprocess_requests_unfinished_idx" ON "reprocess_requests"("created_at") WHERE "finished_at" IS NULL;

CREATE TABLE "reprocess_items" (
    "request_id" UUID NOT NULL,
    -- Dispatch order within the request.
    "position" INTEGER NOT NULL,
    -- null once a purge deleted the dead letter (the request's history stays whole).
    "dead_letter_id" UUID,
    -- pending → sent (a collector command exists) → succeeded | failed; pending → cancelled | failed
    "state" TEXT NOT NULL DEFAULT 'pending',
    -- The dead letter's state before the request took it: where a cancel puts it back.
    "previous_state" TEXT NOT NULL,
    "command_id" UUID,
    "error" TEXT,
    -- Edit-before-reprocess (single-message requests): what is sent instead; the dead letter keeps the original.
    "payload_override" BYTEA,
    "headers_override" JSONB,
    "sent_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    CONSTRAINT "reprocess_items_pkey" PRIMARY KEY ("request_id", "position"),
    CONSTRAINT "reprocess_items_state_check" CHECK ("state" IN ('pending', 'sent', 'succeeded', 'failed', 'cancelled'))
);
CREATE INDEX "reprocess_items_request_id_state_position_idx" ON "reprocess_items"("request_id", "state", "position");
CREATE INDEX "reprocess_items_dead_letter_id_idx" ON "reprocess_items"("dead_letter_id");
CREATE UNIQUE INDEX "reprocess_items_command_id_key" ON "reprocess_items"("command_id");
-- A dead letter is in at most one unfinished item: it cannot join a second running request, even
-- when two requests race. Not expressible in schema.prisma.
CREATE UNIQUE INDEX "reprocess_items_open_dead_letter_key" ON "reprocess_items"("dead_letter_id")
    WHERE "state" IN ('pending', 'sent');

ALTER TABLE "reprocess_items" ADD CONSTRAINT "reprocess_items_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "reprocess_requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "reprocess_items" ADD CONSTRAINT "reprocess_items_dead_letter_id_fkey" FOREIGN KEY ("dead_letter_id") REFERENCES "dead_letters"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "reprocess_items" ADD CONSTRAINT "reprocess_items_command_id_fkey" FOREIGN KEY ("command_id") REFERENCES "collector_commands"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- An edited message's payload / headers travel on its command (pendingCommands prefers them); and a
-- purge keeps finished commands as history with dead_letter_id set to null (open commands are never
-- purged: their dead letters are `reprocessing`).
ALTER TABLE "collector_commands" ADD COLUMN "payload_override" BYTEA, ADD COLUMN "headers_override" JSONB;
ALTER TABLE "collector_commands" ALTER COLUMN "dead_letter_id" DROP NOT NULL;
ALTER TABLE "collector_commands" DROP CONSTRAINT "collector_commands_dead_letter_id_fkey";
ALTER TABLE "collector_commands" ADD CONSTRAINT "collector_commands_dead_letter_id_fkey" FOREIGN KEY ("dead_letter_id") REFERENCES "dead_letters"("id") ON DELETE SET NULL ON UPDATE CASCADE;
