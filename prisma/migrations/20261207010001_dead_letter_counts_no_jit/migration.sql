-- Reprocessing at volume (issue 7, bench:reprocess): the counts' UPDATE trigger
-- (es_dead_letter_counts_update, migration 20261205100000_dead_letter_counts) joins its transition
-- tables old_rows and new_rows on id. Postgres has no statistics for them, so it guesses that join
-- at rows² / 200 — 2 million rows for a 20 000-row statement, the request creation's
-- `→ reprocessing` — far past jit_above_cost, and compiled the query with LLVM inlining and
-- optimisation: 1.8 s of JIT for a join that runs in 0.1 s (EXPLAIN ANALYZE of the same query on
-- a copy of the rows), paid by every large state change. The counts' statements are small and
-- short: no JIT for them.
ALTER FUNCTION es_dead_letter_counts_update() SET jit = off;
ALTER FUNCTION es_dead_letter_counts_insert() SET jit = off;
ALTER FUNCTION es_dead_letter_counts_delete() SET jit = off;
ALTER FUNCTION es_dead_letter_counts_apply(jsonb) SET jit = off;
