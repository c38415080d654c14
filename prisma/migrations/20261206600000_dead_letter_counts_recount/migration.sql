-- Reprocessing at volume (issue 7, bench:reprocess): two per-row costs of dead_letters' triggers.
--
-- 1. es_dead_letter_counts_apply recounted a cell from its members whenever removed rows reached one
--    of its bounds (first_seen / last_seen). Dead letters of one burst share their failure time, so
--    every batch of results of a bulk reprocess reached the bound of the `reprocessing` cell and
--    recounted it: an index scan over all its members, dead entries of the moved ones included —
--    quadratic in the size of a request (280 ms of an 865 ms batch of 500 results, 20 000 members,
--    on the loaded test machine). A bound a remaining member still holds is still exact, and "does
--    one still hold it" stops at the first such member: recount only when none does.
-- 2. The per-row handled_at trigger ran (a plpgsql call) on every state change, though only moves
--    into or out of reprocessed / discarded change handled_at: its WHEN now skips the rest, e.g.
--    pending → reprocessing for every dead letter of a request.

CREATE OR REPLACE FUNCTION es_dead_letter_counts_apply(deltas jsonb) RETURNS void
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

  -- Bounds that a removed member may have held and no remaining member holds: recount the cell.
  -- (Index-only scans of dead_letters_state_group_id_channel_id_idx, which includes both times.)
  WITH lost AS MATERIALIZED (
    SELECT k.group_id, k.state, k.channel_id
    FROM dead_letter_counts k JOIN es_dead_letter_count_deltas(deltas) d USING (group_id, state, channel_id)
    WHERE d.removed > 0 AND k.n > 0
      AND ((d.rf <= k.first_seen AND NOT EXISTS (
             SELECT 1 FROM dead_letters x
             WHERE x.state = k.state AND x.group_id = k.group_id AND x.channel_id = k.channel_id
               AND x.first_failed_at <= k.first_seen))
        OR (d.rl >= k.last_seen AND NOT EXISTS (
             SELECT 1 FROM dead_letters x
             WHERE x.state = k.state AND x.group_id = k.group_id AND x.channel_id = k.channel_id
               AND x.last_failed_at >= k.last_seen)))
  )
  UPDATE dead_letter_counts k SET n = m.n, first_seen = m.f, last_seen = m.l
  FROM lost l
  CROSS JOIN LATERAL (
    SELECT count(*)::int AS n, min(x.first_failed_at) AS f, max(x.last_failed_at) AS l
    FROM dead_letters x
    WHERE x.state = l.state AND x.group_id = l.group_id AND x.channel_id = l.channel_id) m
  WHERE k.group_id = l.group_id AND k.state = l.state AND k.channel_id = l.channel_id AND m.n > 0;

  DELETE FROM dead_letter_counts k USING es_dead_letter_count_deltas(deltas) d
  WHERE k.group_id = d.group_id AND k.state = d.state AND k.channel_id = d.channel_id AND k.n <= 0;
END
$$;

-- The same decision as es_dead_letter_handled_at, made without calling it: fire only when it would
-- change handled_at.
DROP TRIGGER "dead_letters_handled_at" ON "dead_letters";
CREATE TRIGGER "dead_letters_handled_at" BEFORE UPDATE OF "state" ON "dead_letters"
  FOR EACH ROW
  WHEN (CASE WHEN NEW.state IN ('reprocessed', 'discarded')
             THEN OLD.state IS DISTINCT FROM NEW.state OR NEW.handled_at IS NULL
             ELSE NEW.handled_at IS NOT NULL END)
  EXECUTE FUNCTION es_dead_letter_handled_at();
