-- A reprocess request's counters (sent, succeeded, failed, cancelled) kept from what changes
-- instead of recounted from all the running requests' items about once a second: ~20 ms per
-- recount for one request of 100 000 (MAX_REQUEST_ITEMS), ~270 ms of three backends (a parallel scan,
-- an on-disk sort) for ten of them — a failure group each, say — for as long as they ran, over an
-- hour at the default 200 msgs/s.
--
-- Statement-level triggers on reprocess_items write, per statement and request, how its counters
-- moved (one row; nothing when they did not: an insert of pending items, an update of a dead letter
-- link). Only inserts, so no writer waits for another on a counter. The server's dispatcher adds the
-- rows to their requests and deletes them in one statement each round (refreshProgress in
-- lib/reprocess/dispatch.ts); a cancel does the same for its request. "sent" counts items that were
-- handed to a collector (a command id), as before.

CREATE TABLE "reprocess_progress_deltas" (
  "id"         BIGSERIAL PRIMARY KEY,
  "request_id" UUID NOT NULL,
  "sent"       INTEGER NOT NULL,
  "succeeded"  INTEGER NOT NULL,
  "failed"     INTEGER NOT NULL,
  "cancelled"  INTEGER NOT NULL
);

CREATE FUNCTION es_reprocess_progress_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO reprocess_progress_deltas (request_id, sent, succeeded, failed, cancelled)
  SELECT request_id, count(*) FILTER (WHERE command_id IS NOT NULL), count(*) FILTER (WHERE state = 'succeeded'),
         count(*) FILTER (WHERE state = 'failed'), count(*) FILTER (WHERE state = 'cancelled')
  FROM new_rows GROUP BY request_id
  HAVING count(*) FILTER (WHERE command_id IS NOT NULL OR state IN ('succeeded', 'failed', 'cancelled')) > 0;
  RETURN NULL;
END
$$;

CREATE FUNCTION es_reprocess_progress_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO reprocess_progress_deltas (request_id, sent, succeeded, failed, cancelled)
  SELECT request_id, -count(*) FILTER (WHERE command_id IS NOT NULL), -count(*) FILTER (WHERE state = 'succeeded'),
         -count(*) FILTER (WHERE state = 'failed'), -count(*) FILTER (WHERE state = 'cancelled')
  FROM old_rows GROUP BY request_id
  HAVING count(*) FILTER (WHERE command_id IS NOT NULL OR state IN ('succeeded', 'failed', 'cancelled')) > 0;
  RETURN NULL;
END
$$;

-- What the new rows count minus what the old ones did: a row whose state and command id stayed
-- cancels out, so no join of the two tables is needed.
CREATE FUNCTION es_reprocess_progress_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO reprocess_progress_deltas (request_id, sent, succeeded, failed, cancelled)
  SELECT request_id, sum(sign * (command_id IS NOT NULL)::int), sum(sign * (state = 'succeeded')::int),
         sum(sign * (state = 'failed')::int), sum(sign * (state = 'cancelled')::int)
  FROM (SELECT request_id, command_id, state, 1 AS sign FROM new_rows
        UNION ALL
        SELECT request_id, command_id, state, -1 FROM old_rows) x
  GROUP BY request_id
  HAVING sum(sign * (command_id IS NOT NULL)::int) <> 0 OR sum(sign * (state = 'succeeded')::int) <> 0
      OR sum(sign * (state = 'failed')::int) <> 0 OR sum(sign * (state = 'cancelled')::int) <> 0;
  RETURN NULL;
END
$$;

CREATE TRIGGER reprocess_progress_insert AFTER INSERT ON reprocess_items
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION es_reprocess_progress_insert();
CREATE TRIGGER reprocess_progress_update AFTER UPDATE ON reprocess_items
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION es_reprocess_progress_update();
CREATE TRIGGER reprocess_progress_delete AFTER DELETE ON reprocess_items
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION es_reprocess_progress_delete();

-- From here on the counters move by deltas, so they must be exact now: the unfinished requests are
-- recounted once (as the last full refresh did, finishing those with nothing open), with the items
-- held still until the migration commits.
LOCK TABLE reprocess_items IN SHARE ROW EXCLUSIVE MODE;
WITH p AS (
  SELECT i.request_id,
         count(*) FILTER (WHERE i.command_id IS NOT NULL)::int AS sent,
         count(*) FILTER (WHERE i.state = 'succeeded')::int AS succeeded,
         count(*) FILTER (WHERE i.state = 'failed')::int AS failed,
         count(*) FILTER (WHERE i.state = 'cancelled')::int AS cancelled,
         count(*) FILTER (WHERE i.state IN ('pending', 'sent'))::int AS open
  FROM reprocess_items i
  WHERE i.request_id IN (SELECT id FROM reprocess_requests WHERE finished_at IS NULL)
  GROUP BY i.request_id
)
UPDATE reprocess_requests r
SET sent = p.sent, succeeded = p.succeeded, failed = p.failed, cancelled = p.cancelled, updated_at = now(),
    state = CASE WHEN p.open = 0 AND r.state = 'running' THEN 'done' ELSE r.state END,
    finished_at = CASE WHEN p.open = 0 THEN now() END
FROM p
WHERE r.id = p.request_id;
