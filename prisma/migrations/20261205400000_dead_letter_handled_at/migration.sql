-- Retention (issue 9) keeps a dead letter until it is handled — reprocessed or discarded — plus
-- RETENTION_DEAD_LETTER_DAYS, and never one still pending. "Handled" needs a time: handled_at is
-- set by a trigger whenever state moves into reprocessed / discarded and cleared when it leaves them
-- (a reprocessed message that fails again comes back as another state), so every path that changes
-- state (discard, purge, the reprocess dispatcher, command outcomes) keeps it without knowing of it.

ALTER TABLE "dead_letters" ADD COLUMN "handled_at" TIMESTAMPTZ(3);

CREATE FUNCTION es_dead_letter_handled_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.state IN ('reprocessed', 'discarded') THEN
    IF OLD.state IS DISTINCT FROM NEW.state OR NEW.handled_at IS NULL THEN
      NEW.handled_at := CURRENT_TIMESTAMP;
    END IF;
  ELSE
    NEW.handled_at := NULL;
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER "dead_letters_handled_at" BEFORE UPDATE OF "state" ON "dead_letters"
  FOR EACH ROW EXECUTE FUNCTION es_dead_letter_handled_at();

-- Dead letters handled before this migration: the end of their last reprocess command, else when
-- they were stored (the latest time known; retention errs on keeping them longer).
UPDATE "dead_letters" d SET "handled_at" = COALESCE(
    (SELECT max(c."finished_at") FROM "collector_commands" c WHERE c."dead_letter_id" = d."id"),
    d."received_at")
  WHERE d."state" IN ('reprocessed', 'discarded');

-- Retention's question, a range scan over the handled ones only. Not expressible in schema.prisma.
CREATE INDEX "dead_letters_handled_at_idx" ON "dead_letters"("handled_at")
  WHERE "state" IN ('reprocessed', 'discarded');
