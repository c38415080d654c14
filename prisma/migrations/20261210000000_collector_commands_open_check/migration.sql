-- A command is open (pending or sent) exactly while it has no finished_at. Every path already kept
-- this; the CHECK makes it a rule, so the statements that finish a batch of commands or note a
-- batch of pushes (lib/collectors/record-command-results.ts, note-commands-pushed.ts) can test
-- `finished_at IS NULL` instead of the state. Why that matters: with `state IN ('pending', 'sent')`
-- in their WHERE, the planner may answer them from collector_commands_open_idx (the collector's
-- open commands, whose predicate that test satisfies), and with statistics taken when few commands
-- were open (the usual case: most are long finished) it did, walking every open command of the
-- collector and testing each against the batch's ids — ~10 000 rows read per statement with a
-- bulk reprocess in flight, ~4× the statement's cost (bench:reprocess). Tested on finished_at, the
-- statements can only find their rows by primary key.
ALTER TABLE "collector_commands" ADD CONSTRAINT "collector_commands_open_check"
  CHECK (("state" IN ('pending', 'sent')) = ("finished_at" IS NULL)) NOT VALID;
ALTER TABLE "collector_commands" VALIDATE CONSTRAINT "collector_commands_open_check";
