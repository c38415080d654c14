-- Collector agents on socket.io /collectors: what each one last reported (its heartbeat, when its
-- command channel connected and dropped, its broker's kind, its host) and the reprocess commands
-- the server sends it, one row per republish of one dead letter (its id is the command id the
-- agent dedupes on).

-- AlterTable
ALTER TABLE "collectors" ADD COLUMN "status" JSONB,
ADD COLUMN "connected_at" TIMESTAMPTZ(3),
ADD COLUMN "disconnected_at" TIMESTAMPTZ(3),
ADD COLUMN "broker_kind" TEXT,
ADD COLUMN "hostname" TEXT;

-- CreateTable
CREATE TABLE "collector_commands" (
    "id" UUID NOT NULL,
    "collector_id" UUID NOT NULL,
    "dead_letter_id" UUID NOT NULL,
    "destination" JSONB NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "error" TEXT,
    "possible_duplicate" BOOLEAN NOT NULL DEFAULT false,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "requested_by" UUID,
    CONSTRAINT "collector_commands_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "collector_commands_state_check" CHECK ("state" IN ('pending', 'sent', 'succeeded', 'failed'))
);

-- What an agent still has to do, oldest first (pushed on hello, by the notify and by the sweep).
-- Partial: finished commands pile up and are never read this way. Not expressible in schema.prisma.
CREATE INDEX "collector_commands_open_idx" ON "collector_commands"("collector_id", "created_at", "id")
    WHERE "state" IN ('pending', 'sent');

-- A dead letter has at most one unfinished command: a second click or a racing request cannot
-- republish it twice. Not expressible in schema.prisma.
CREATE UNIQUE INDEX "collector_commands_open_dead_letter_key" ON "collector_commands"("dead_letter_id")
    WHERE "state" IN ('pending', 'sent');

-- A dead letter's reprocess history.
CREATE INDEX "collector_commands_dead_letter_id_created_at_idx" ON "collector_commands"("dead_letter_id", "created_at");

-- AddForeignKey
ALTER TABLE "collector_commands" ADD CONSTRAINT "collector_commands_collector_id_fkey" FOREIGN KEY ("collector_id") REFERENCES "collectors"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "collector_commands" ADD CONSTRAINT "collector_commands_dead_letter_id_fkey" FOREIGN KEY ("dead_letter_id") REFERENCES "dead_letters"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
