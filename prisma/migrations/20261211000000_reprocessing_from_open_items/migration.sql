-- `reprocessing` is no longer stored (issue 7, bench:reprocess): a dead letter is reprocessing while
-- a reprocess item of it is unfinished, and keeps the state it had before until its outcome is
-- recorded (lib/dead-letters/filter.ts). Moving every dead letter of a request to `reprocessing` at
-- creation rewrote an eleven-index row per message; with that write no design reached half the rate
-- of a plain publish loop (the bench's floors), without it one did.

-- Dead letters stored as reprocessing go back to the state their open item remembers; any other (a
-- command queued before requests existed) to pending — its outcome still lands on it.
UPDATE "dead_letters" d SET "state" = i."previous_state"
  FROM "reprocess_items" i
  WHERE i."dead_letter_id" = d."id" AND i."state" IN ('pending', 'sent') AND d."state" = 'reprocessing';
UPDATE "dead_letters" SET "state" = 'pending' WHERE "state" = 'reprocessing';

-- The groups and facets move the dead letters in flight from their stored cell (group, state, DLQ)
-- to `reprocessing`: an item carries its dead letter's cell and failure times (none of which change
-- while it is open), so that needs the open items and the counts' cells, not a probe of each dead
-- letter (~5 µs each: 45 ms at 9 000 in flight, bench:dlq). Filled for the open items; finished
-- ones are never read for it.
ALTER TABLE "reprocess_items"
  ADD COLUMN "group_id" TEXT,
  ADD COLUMN "channel_id" INTEGER,
  ADD COLUMN "first_failed_at" TIMESTAMPTZ(3),
  ADD COLUMN "last_failed_at" TIMESTAMPTZ(3);
UPDATE "reprocess_items" i
  SET "group_id" = d."group_id", "channel_id" = d."channel_id",
      "first_failed_at" = d."first_failed_at", "last_failed_at" = d."last_failed_at"
  FROM "dead_letters" d
  WHERE d."id" = i."dead_letter_id" AND i."state" IN ('pending', 'sent');

ALTER TABLE "dead_letters" ADD CONSTRAINT "dead_letters_state_stored_check"
  CHECK ("state" IN ('pending', 'reprocessed', 'failed_again', 'discarded'));

-- A dead letter in flight is never deleted (purge, retention): nothing else in its row says it is in
-- flight, and a delete that waited for the request creating its item would not see that item in its
-- snapshot. The trigger's own query does; returning NULL keeps the row and deletes the others.
CREATE FUNCTION es_dead_letter_keep_in_flight() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "reprocess_items" WHERE "dead_letter_id" = OLD."id" AND "state" IN ('pending', 'sent')) THEN
    RETURN NULL;
  END IF;
  RETURN OLD;
END
$$;

CREATE TRIGGER "dead_letters_keep_in_flight" BEFORE DELETE ON "dead_letters"
  FOR EACH ROW EXECUTE FUNCTION es_dead_letter_keep_in_flight();
