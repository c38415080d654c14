-- Step 4 of 4 (see 20261207010002): the state-keyed indexes go; the finished_at-keyed ones take
-- their names (they hold the same rows, by the CHECK).
DROP INDEX "collector_commands_open_idx";
DROP INDEX "collector_commands_open_dead_letter_key";
ALTER INDEX "collector_commands_unfinished_idx" RENAME TO "collector_commands_open_idx";
ALTER INDEX "collector_commands_unfinished_dead_letter_key" RENAME TO "collector_commands_open_dead_letter_key";
