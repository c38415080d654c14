-- The free-text filter's text moves off dead_letters into an insert-only side table. On
-- dead_letters its trigram GIN index was rewritten by every state change (state is indexed, so no
-- change is a HOT update): each reprocess, result, discard or cancel re-inserted all of a dead
-- letter's trigrams, ~20 µs of a state write's ~80 (bench:reprocess, fifth round). The text never
-- changes after ingest (edits go to reprocess overrides), so here it is written once, by a
-- statement trigger on insert, and deleted with its dead letter.

CREATE TABLE "dead_letter_search" (
  "dead_letter_id" UUID PRIMARY KEY REFERENCES "dead_letters"("id") ON DELETE CASCADE,
  -- The error text and the payload's printable bytes (escape encoding), at most 8 KiB of payload.
  "search_text" TEXT NOT NULL
);

INSERT INTO "dead_letter_search" ("dead_letter_id", "search_text")
SELECT "id", "search_text" FROM "dead_letters";

CREATE INDEX "dead_letter_search_trgm_idx" ON "dead_letter_search" USING gin ("search_text" gin_trgm_ops);

DROP INDEX "dead_letters_search_text_trgm_idx";
ALTER TABLE "dead_letters" DROP COLUMN "search_text";

CREATE FUNCTION es_dead_letter_search_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO dead_letter_search (dead_letter_id, search_text)
  SELECT id, coalesce(error_text, '') || E'\n' || left(encode(payload, 'escape'), 8192) FROM new_rows;
  RETURN NULL;
END $$;

CREATE TRIGGER dead_letters_search_insert AFTER INSERT ON "dead_letters"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION es_dead_letter_search_insert();

-- Statistics now: without them the planner guesses a common term ("timeout", a quarter of a million
-- rows) matches ~100, walks the whole trigram match and sorts it (2.4 s on a million) instead of
-- probing the newest dead letters in order (1 ms; bench:dlq).
ANALYZE "dead_letter_search";
