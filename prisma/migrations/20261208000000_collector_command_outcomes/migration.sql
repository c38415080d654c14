-- The Collectors page shows each agent's reprocess outcomes of the last 24 hours (succeeded, failed,
-- possible duplicates): an index-only count of its finished commands in that window, instead of a
-- scan of every command ever sent. Partial: an open command has no entry until it finishes, so the
-- insert and the push's bookkeeping do not maintain it. Not expressible in schema.prisma.
CREATE INDEX "collector_commands_finished_idx" ON "collector_commands"("collector_id", "finished_at")
    INCLUDE ("state", "possible_duplicate") WHERE "finished_at" IS NOT NULL;
