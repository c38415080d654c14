-- Step 3 of 4 (see 20261207010002): at most one open command per dead letter, by finished_at.
CREATE UNIQUE INDEX CONCURRENTLY "collector_commands_unfinished_dead_letter_key" ON "collector_commands"("dead_letter_id") WHERE "finished_at" IS NULL;
