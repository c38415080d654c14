-- Reprocessing at volume (issue 7, bench:reprocess), step 1 of 4: HOT pushes of collector commands.
-- A push's bookkeeping (pending → sent, attempts, sent_at; lib/collectors/note-commands-pushed.ts)
-- rewrote an entry in each of the table's four indexes, because the two partial indexes of open
-- commands name `state` in their predicate. Keyed on `finished_at IS NULL` instead (migrations
-- 20261207010003–05), no index names a column that write changes, and with room left on the page
-- the new row version is a HOT one: no index entry at all. This CHECK makes the two predicates the
-- same set of rows (every writer already sets finished_at exactly when a command finishes), and
-- the fillfactor leaves that room: commands are inserted a dispatcher chunk at a time, filling
-- whole pages, then pushed (and updated) together, so each row on a page needs space for one new
-- version before pruning can reclaim the old one — half the page.
ALTER TABLE "collector_commands" ADD CONSTRAINT "collector_commands_finished_check"
  CHECK (("state" IN ('pending', 'sent')) = ("finished_at" IS NULL)) NOT VALID;
ALTER TABLE "collector_commands" VALIDATE CONSTRAINT "collector_commands_finished_check";
ALTER TABLE "collector_commands" SET (fillfactor = 50);
