-- The DLQ browse read model's indexes (lib/dead-letters/*). Plain CREATE INDEX in one transaction:
-- this ships with the DLQ feature, before installs hold many dead letters; a table already large
-- would want each as its own CONCURRENTLY migration.
--
-- Groups and facets: an index-only scan over the wanted states gives the counts per failure group,
-- state and DLQ without reading the wide rows (payloads, headers).
CREATE INDEX "dead_letters_state_group_id_channel_id_idx" ON "dead_letters"("state", "group_id", "channel_id")
  INCLUDE ("first_failed_at", "last_failed_at");
-- The list's other two sorts, keyset-paged on (column, id).
CREATE INDEX "dead_letters_first_failed_at_id_idx" ON "dead_letters"("first_failed_at", "id");
CREATE INDEX "dead_letters_attempts_id_idx" ON "dead_letters"("attempts", "id");
-- The chain of a message that failed again: the other dead letters of its broker and message id.
CREATE INDEX "dead_letters_broker_id_message_id_idx" ON "dead_letters"("broker_id", "message_id");
