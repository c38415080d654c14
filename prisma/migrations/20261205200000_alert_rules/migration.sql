-- Alert rules (issue 8): the foundation's placeholder becomes the model the evaluator, the API and
-- (next) notifications and silences use. See lib/alerts/rule-schema.ts for what scope and params hold.
--
-- - alert_rules gains the no-data / error policies, a version bumped on every change (an instance
--   remembers which version evaluated it), updated_at, who created it, and a unique name (YAML
--   import matches rules by name). Placeholder rows of the old flat shape are converted in place.
-- - alert_instances: the current state of each (rule, scope key) — one rule can watch several
--   things (a "collector down" rule over all collectors has one instance per collector).
-- - alert_transitions (was alert_states, never written before): one row per state change, the
--   history timeline and, next, what notifications are sent from.

-- AlterTable
ALTER TABLE "alert_rules"
    ADD COLUMN "no_data_policy" TEXT NOT NULL DEFAULT 'nodata',
    ADD COLUMN "error_policy" TEXT NOT NULL DEFAULT 'error',
    ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1,
    ADD COLUMN "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    ADD COLUMN "created_by" UUID,
    ADD COLUMN "created_by_label" TEXT;
UPDATE "alert_rules" SET "labels" = '{}' WHERE "labels" IS NULL;
ALTER TABLE "alert_rules" ALTER COLUMN "labels" SET DEFAULT '{}', ALTER COLUMN "labels" SET NOT NULL;

-- Placeholder rows (flat scope {type, channel, service, edge, hop}; params {thresholdMs}) in the new
-- shape: a type becomes an event_type scope, anything else "all"; thresholdMs becomes threshold.
UPDATE "alert_rules" SET
    "scope" = CASE
        WHEN "scope" ? 'kind' THEN "scope"
        WHEN "scope" ? 'type' THEN jsonb_build_object('kind', 'event_type', 'type', "scope"->>'type')
        ELSE '{"kind": "all"}'::jsonb END,
    "params" = CASE
        WHEN "params" ? 'thresholdMs' THEN ("params" - 'thresholdMs') || jsonb_build_object('threshold', "params"->'thresholdMs')
        ELSE "params" END;
-- Names were not unique: suffix duplicates so the unique index can be made.
UPDATE "alert_rules" r SET "name" = r."name" || ' (' || left(r."id"::text, 8) || ')'
FROM (SELECT "id", row_number() OVER (PARTITION BY "name" ORDER BY "created_at", "id") AS n FROM "alert_rules") d
WHERE d."id" = r."id" AND d.n > 1;

-- CreateIndex
CREATE UNIQUE INDEX "alert_rules_name_key" ON "alert_rules"("name");

-- CreateTable
CREATE TABLE "alert_instances" (
    "rule_id" UUID NOT NULL,
    "scope_key" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'normal',
    "since" TIMESTAMPTZ(3) NOT NULL,
    "value" DOUBLE PRECISION,
    "error" TEXT,
    "fired_at" TIMESTAMPTZ(3),
    "resolved_at" TIMESTAMPTZ(3),
    "evaluated_at" TIMESTAMPTZ(3) NOT NULL,
    "rule_version" INTEGER NOT NULL,
    CONSTRAINT "alert_instances_pkey" PRIMARY KEY ("rule_id","scope_key")
);

-- CreateIndex
CREATE INDEX "alert_instances_state_idx" ON "alert_instances"("state");

-- AddForeignKey
ALTER TABLE "alert_instances" ADD CONSTRAINT "alert_instances_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "alert_rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The placeholder alert_states becomes alert_transitions (kept, not dropped: nothing is lost).
ALTER TABLE "alert_states" RENAME TO "alert_transitions";
ALTER TABLE "alert_transitions" RENAME CONSTRAINT "alert_states_pkey" TO "alert_transitions_pkey";
ALTER TABLE "alert_transitions" RENAME CONSTRAINT "alert_states_rule_id_fkey" TO "alert_transitions_rule_id_fkey";
ALTER SEQUENCE "alert_states_id_seq" RENAME TO "alert_transitions_id_seq";
ALTER INDEX "alert_states_rule_id_scope_key_at_idx" RENAME TO "alert_transitions_rule_id_scope_key_at_idx";
ALTER TABLE "alert_transitions" RENAME COLUMN "state" TO "to_state";
ALTER TABLE "alert_transitions"
    ADD COLUMN "from_state" TEXT NOT NULL DEFAULT 'normal',
    ADD COLUMN "event" TEXT NOT NULL DEFAULT 'normal',
    ADD COLUMN "threshold" DOUBLE PRECISION,
    ADD COLUMN "summary" TEXT,
    ADD COLUMN "error" TEXT,
    ADD COLUMN "rule_version" INTEGER NOT NULL DEFAULT 1;

-- CreateIndex
CREATE INDEX "alert_transitions_at_idx" ON "alert_transitions"("at");
