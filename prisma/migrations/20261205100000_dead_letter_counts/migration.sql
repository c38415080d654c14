-- Counts of dead letters per (failure group, state, DLQ), kept exact by statement-level triggers on
-- dead_letters, so the DLQ page's groups and facets read a few hundred rows instead of a million
-- index entries (lib/dead-letters/list-groups.ts; bench:dlq). Used when the filter has no time
-- range and no free text; those still aggregate dead_letters itself.
--
-- Each cell also holds what the filter and the groups need without touching the wide rows: the
-- broker (from the DLQ), the event type and reason (from the group: group_id is their hash), and
-- the oldest first failure and newest last failure of its members.
--
-- Exactness: one AFTER … FOR EACH STATEMENT trigger per INSERT / UPDATE / DELETE aggregates its
-- transition table into per-cell deltas (one upsert per statement, not per row) and hands them to
-- es_dead_letter_counts_apply. Counts move by the deltas. first_seen/last_seen can only widen on
-- insert; when removed members held a cell's bound, the bound is recomputed from the cell's members
-- (an index-only scan of dead_letters_state_group_id_channel_id_idx). The affected cells are locked
-- in key order first, so a concurrent statement on the same cell waits and the recount sees every
-- committed member (READ COMMITTED: each statement of the function takes a fresh snapshot).
-- TRUNCATE empties the counts as well.

CREATE TABLE "dead_letter_counts" (
  "group_id"   TEXT NOT NULL,
  "state"      TEXT NOT NULL,
  "channel_id" INTEGER NOT NULL,
  "broker_id"  INTEGER NOT NULL,
  "event_type" TEXT,
  "reason"     TEXT NOT NULL,
  "n"          INTEGER NOT NULL,
  "first_seen" TIMESTAMPTZ(3) NOT NULL,
  "last_seen"  TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "dead_letter_counts_pkey" PRIMARY KEY ("group_id", "state", "channel_id")
);

-- deltas: [{g, s, c, b, t, r, added, af, al, removed, rf, rl}] — per cell: members added with their
-- oldest first / newest last failure, members removed with theirs.
CREATE FUNCTION es_dead_letter_count_deltas(deltas jsonb)
RETURNS TABLE (group_id text, state text, channel_id int, broker_id int, event_type text, reason text,
               added int, af timestamptz, al timestamptz, removed int, rf timestamptz, rl timestamptz)
LANGUAGE sql IMMUTABLE AS $$
  SELECT * FROM jsonb_to_recordset(deltas) AS x(g text, s text, c int, b int, t text, r text,
    added int, af timestamptz, al timestamptz, removed int, rf timestamptz, rl timestamptz)
$$;

CREATE FUNCTION es_dead_letter_counts_apply(deltas jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF jsonb_array_length(deltas) = 0 THEN RETURN; END IF;

  PERFORM 1 FROM dead_letter_counts k JOIN es_dead_letter_count_deltas(deltas) d USING (group_id, state, channel_id)
    ORDER BY k.group_id, k.state, k.channel_id FOR UPDATE OF k;

  INSERT INTO dead_letter_counts AS k
      (group_id, state, channel_id, broker_id, event_type, reason, n, first_seen, last_seen)
    SELECT d.group_id, d.state, d.channel_id, d.broker_id, d.event_type, d.reason, d.added - d.removed,
           coalesce(d.af, d.rf), coalesce(d.al, d.rl)
    FROM es_dead_letter_count_deltas(deltas) d ORDER BY d.group_id, d.state, d.channel_id
  ON CONFLICT (group_id, state, channel_id) DO UPDATE SET
    n = k.n + excluded.n,
    first_seen = least(k.first_seen, excluded.first_seen),
    last_seen = greatest(k.last_seen, excluded.last_seen);

  -- Bounds that a removed member may have held: recount the cell from its members.
  UPDATE dead_letter_counts k SET n = m.n, first_seen = m.f, last_seen = m.l
  FROM es_dead_letter_count_deltas(deltas) d
  CROSS JOIN LATERAL (
    SELECT count(*)::int AS n, min(x.first_failed_at) AS f, max(x.last_failed_at) AS l
    FROM dead_letters x
    WHERE x.state = d.state AND x.group_id = d.group_id AND x.channel_id = d.channel_id) m
  WHERE k.group_id = d.group_id AND k.state = d.state AND k.channel_id = d.channel_id
    AND d.removed > 0 AND (d.rf <= k.first_seen OR d.rl >= k.last_seen) AND m.n > 0;

  DELETE FROM dead_letter_counts k USING es_dead_letter_count_deltas(deltas) d
  WHERE k.group_id = d.group_id AND k.state = d.state AND k.channel_id = d.channel_id AND k.n <= 0;
END
$$;

CREATE FUNCTION es_dead_letter_counts_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM es_dead_letter_counts_apply(coalesce((
    SELECT jsonb_agg(jsonb_build_object('g', group_id, 's', state, 'c', channel_id, 'b', broker_id,
      't', event_type, 'r', reason, 'added', n, 'af', f, 'al', l, 'removed', 0))
    FROM (SELECT group_id, state, channel_id, min(broker_id) AS broker_id, min(event_type) AS event_type,
            min(reason) AS reason, count(*) AS n, min(first_failed_at) AS f, max(last_failed_at) AS l
          FROM new_rows GROUP BY 1, 2, 3) a), '[]'));
  RETURN NULL;
END
$$;

CREATE FUNCTION es_dead_letter_counts_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM es_dead_letter_counts_apply(coalesce((
    SELECT jsonb_agg(jsonb_build_object('g', group_id, 's', state, 'c', channel_id, 'b', broker_id,
      't', event_type, 'r', reason, 'added', 0, 'removed', n, 'rf', f, 'rl', l))
    FROM (SELECT group_id, state, channel_id, min(broker_id) AS broker_id, min(event_type) AS event_type,
            min(reason) AS reason, count(*) AS n, min(first_failed_at) AS f, max(last_failed_at) AS l
          FROM old_rows GROUP BY 1, 2, 3) a), '[]'));
  RETURN NULL;
END
$$;

-- Only rows whose cell or failure times changed count (an UPDATE of attempts alone moves nothing).
CREATE FUNCTION es_dead_letter_counts_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM es_dead_letter_counts_apply(coalesce((
    SELECT jsonb_agg(jsonb_build_object('g', group_id, 's', state, 'c', channel_id, 'b', broker_id,
      't', event_type, 'r', reason, 'added', added, 'af', af, 'al', al, 'removed', removed, 'rf', rf, 'rl', rl))
    FROM (
      SELECT group_id, state, channel_id, min(broker_id) AS broker_id, min(event_type) AS event_type,
        min(reason) AS reason,
        count(*) FILTER (WHERE side = 'new') AS added,
        min(first_failed_at) FILTER (WHERE side = 'new') AS af, max(last_failed_at) FILTER (WHERE side = 'new') AS al,
        count(*) FILTER (WHERE side = 'old') AS removed,
        min(first_failed_at) FILTER (WHERE side = 'old') AS rf, max(last_failed_at) FILTER (WHERE side = 'old') AS rl
      FROM (
        SELECT 'old' AS side, o.group_id, o.state, o.channel_id, o.broker_id, o.event_type, o.reason,
               o.first_failed_at, o.last_failed_at
        FROM old_rows o JOIN new_rows w USING (id)
        WHERE (o.group_id, o.state, o.channel_id, o.broker_id, o.first_failed_at, o.last_failed_at)
          IS DISTINCT FROM (w.group_id, w.state, w.channel_id, w.broker_id, w.first_failed_at, w.last_failed_at)
        UNION ALL
        SELECT 'new', w.group_id, w.state, w.channel_id, w.broker_id, w.event_type, w.reason,
               w.first_failed_at, w.last_failed_at
        FROM old_rows o JOIN new_rows w USING (id)
        WHERE (o.group_id, o.state, o.channel_id, o.broker_id, o.first_failed_at, o.last_failed_at)
          IS DISTINCT FROM (w.group_id, w.state, w.channel_id, w.broker_id, w.first_failed_at, w.last_failed_at)
      ) moved GROUP BY 1, 2, 3) a), '[]'));
  RETURN NULL;
END
$$;

CREATE FUNCTION es_dead_letter_counts_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE dead_letter_counts;
  RETURN NULL;
END
$$;

CREATE TRIGGER "dead_letter_counts_insert" AFTER INSERT ON "dead_letters"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION es_dead_letter_counts_insert();
CREATE TRIGGER "dead_letter_counts_update" AFTER UPDATE ON "dead_letters"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION es_dead_letter_counts_update();
CREATE TRIGGER "dead_letter_counts_delete" AFTER DELETE ON "dead_letters"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION es_dead_letter_counts_delete();
CREATE TRIGGER "dead_letter_counts_truncate" AFTER TRUNCATE ON "dead_letters"
  FOR EACH STATEMENT EXECUTE FUNCTION es_dead_letter_counts_truncate();

INSERT INTO dead_letter_counts (group_id, state, channel_id, broker_id, event_type, reason, n, first_seen, last_seen)
  SELECT group_id, state, channel_id, min(broker_id), min(event_type), min(reason), count(*),
         min(first_failed_at), max(last_failed_at)
  FROM dead_letters GROUP BY group_id, state, channel_id;
