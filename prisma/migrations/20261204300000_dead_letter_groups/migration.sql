-- Dead letters grouped by failure signature, the way ServicePulse groups failed messages: the same
-- event type, reason and error text once the parts that differ per message (ids, numbers, times)
-- are masked. Both are generated columns computed by Postgres from one function, so ingest, the
-- backfill below and every reader agree without a second implementation. search_text backs the
-- free-text filter (error text and the payload's printable bytes) with a trigram index.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The error text with what varies per message masked: UUIDs, ISO times, hex ids of 8+ digits, e-mail
-- addresses and numbers; whitespace collapsed; at most 500 characters.
CREATE FUNCTION es_error_pattern(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT left(btrim(
    regexp_replace(
    regexp_replace(
    regexp_replace(
    regexp_replace(
    regexp_replace(
    regexp_replace(coalesce(t, ''),
      '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}', '<uuid>', 'g'),
      '\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?', '<time>', 'g'),
      '\m(0x)?(?=[0-9a-fA-F]*[0-9])[0-9a-fA-F]{8,}\M', '<hex>', 'g'),
      '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}', '<email>', 'g'),
      '\d+(\.\d+)?', '<n>', 'g'),
      '\s+', ' ', 'g')), 500)
$$;

ALTER TABLE "dead_letters"
  ADD COLUMN "error_pattern" TEXT GENERATED ALWAYS AS (es_error_pattern("error_text")) STORED,
  ADD COLUMN "group_id" TEXT GENERATED ALWAYS AS (
    md5(coalesce("event_type", '') || E'\x1f' || "reason" || E'\x1f' || es_error_pattern("error_text"))) STORED,
  ADD COLUMN "search_text" TEXT GENERATED ALWAYS AS (
    coalesce("error_text", '') || E'\n' || left(encode("payload", 'escape'), 8192)) STORED;

CREATE INDEX "dead_letters_group_id_last_failed_at_idx" ON "dead_letters"("group_id", "last_failed_at");
CREATE INDEX "dead_letters_last_failed_at_id_idx" ON "dead_letters"("last_failed_at", "id");
CREATE INDEX "dead_letters_search_text_trgm_idx" ON "dead_letters" USING gin ("search_text" gin_trgm_ops);
