-- Alert notifications and silences (issue 8, items 3 and 4). The foundation's placeholders
-- notification_channels and silences (never written) become the models the pipeline uses.
--
-- - contact_points (was notification_channels): where notifications go. `config` holds the
--   kind's public settings (the URL); a webhook's signing secret is stored AES-256-GCM encrypted
--   (lib/alerts/contact-point-secret.ts) in secret_enc and never returned.
-- - alert_notifications: the outbox. One row per (rule notification × contact point), written in
--   the evaluation cycle's own transaction, so a restart neither loses nor re-creates one; the
--   sender marks it sent, failed (attempts exhausted) or silenced.
-- - notification_attempts: every delivery attempt with its outcome, HTTP status and duration.
-- - silences: by rule, scope key and/or label matchers, for [starts_at, ends_at).

ALTER TABLE "notification_channels" RENAME TO "contact_points";
ALTER TABLE "contact_points" RENAME CONSTRAINT "notification_channels_pkey" TO "contact_points_pkey";
ALTER TABLE "contact_points"
    ADD COLUMN "secret_enc" TEXT,
    ADD COLUMN "enabled" BOOLEAN NOT NULL DEFAULT true,
    ADD COLUMN "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    ADD COLUMN "created_by_label" TEXT;
UPDATE "contact_points" c SET "name" = c."name" || ' (' || left(c."id"::text, 8) || ')'
FROM (SELECT "id", row_number() OVER (PARTITION BY "name" ORDER BY "created_at", "id") AS n FROM "contact_points") d
WHERE d."id" = c."id" AND d.n > 1;
CREATE UNIQUE INDEX "contact_points_name_key" ON "contact_points"("name");

CREATE TABLE "alert_notifications" (
    "id" BIGSERIAL NOT NULL,
    "rule_id" UUID,
    "contact_point_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    CONSTRAINT "alert_notifications_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "alert_notifications_status_next_attempt_at_idx" ON "alert_notifications"("status", "next_attempt_at");
CREATE INDEX "alert_notifications_rule_id_created_at_idx" ON "alert_notifications"("rule_id", "created_at");
-- SET NULL: a deleted rule's last "resolved" notification (and the log) outlives it.
ALTER TABLE "alert_notifications" ADD CONSTRAINT "alert_notifications_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "alert_rules"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "alert_notifications" ADD CONSTRAINT "alert_notifications_contact_point_id_fkey" FOREIGN KEY ("contact_point_id") REFERENCES "contact_points"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "notification_attempts" (
    "id" BIGSERIAL NOT NULL,
    "notification_id" BIGINT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "response_code" INTEGER,
    "error" TEXT,
    "duration_ms" INTEGER NOT NULL,
    CONSTRAINT "notification_attempts_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "notification_attempts_notification_id_idx" ON "notification_attempts"("notification_id");
ALTER TABLE "notification_attempts" ADD CONSTRAINT "notification_attempts_notification_id_fkey" FOREIGN KEY ("notification_id") REFERENCES "alert_notifications"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "silences"
    ADD COLUMN "rule_id" UUID,
    ADD COLUMN "scope_key" TEXT,
    ADD COLUMN "created_by_label" TEXT,
    ADD COLUMN "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE "silences" ALTER COLUMN "created_by" DROP NOT NULL;
CREATE INDEX "silences_ends_at_idx" ON "silences"("ends_at");
ALTER TABLE "silences" ADD CONSTRAINT "silences_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "alert_rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;
