-- Step 2 of 4 (see 20261207010002): the open commands of a collector, oldest first, by finished_at.
CREATE INDEX CONCURRENTLY "collector_commands_unfinished_idx" ON "collector_commands"("collector_id", "created_at", "id") WHERE "finished_at" IS NULL;
