-- A reprocess item is its collector command (issue 7, bench:reprocess). Per message the path wrote a
-- collector_commands row and finished it, besides handing its item over and finishing it: two of its
-- five writes, for columns that belong on the item. The item now carries the command: the collector
-- it went to, where it goes, and the agent's possible-duplicate flag; `command_id` stays the id the
-- agent sees. collector_commands is dropped once its rows are on items.

ALTER TABLE "reprocess_items"
  ADD COLUMN "broker_id" INTEGER,
  ADD COLUMN "destination" JSONB,
  ADD COLUMN "collector_id" UUID,
  ADD COLUMN "possible_duplicate" BOOLEAN NOT NULL DEFAULT false;

-- Handed-over items take their command's columns.
UPDATE "reprocess_items" i
  SET "collector_id" = c."collector_id", "destination" = c."destination",
      "possible_duplicate" = c."possible_duplicate", "sent_at" = COALESCE(i."sent_at", c."created_at")
  FROM "collector_commands" c
  WHERE c."id" = i."command_id";

-- Pending items get what their hand-over needs: the broker (whose collector takes them) and the
-- original destination (a request's target, when it has one, is read from the request).
UPDATE "reprocess_items" i
  SET "broker_id" = d."broker_id",
      "destination" = CASE WHEN oc."name" IS NULL THEN NULL
        WHEN d."headers" ->> 'x-eventscope-original-subject' IS NULL THEN jsonb_build_object('channel', oc."name")
        ELSE jsonb_build_object('channel', oc."name", 'subject', d."headers" ->> 'x-eventscope-original-subject') END
  FROM "dead_letters" d LEFT JOIN "channels" oc ON oc."id" = d."original_channel_id"
  WHERE d."id" = i."dead_letter_id" AND i."state" = 'pending';

-- Commands made without a request (before requests existed, or by hand) become the items of one
-- imported request per requester, so a dead letter's attempts and the Collectors page keep them.
INSERT INTO "reprocess_requests" ("id", "idempotency_key", "body_hash", "requested_by", "requested_by_label",
                                  "selector", "force", "rate_per_second", "state", "total", "created_at", "finished_at")
  SELECT gen_random_uuid(), 'imported-commands:' || COALESCE(c."requested_by"::text, 'system'), 'imported',
         c."requested_by", 'imported from collector commands', jsonb_build_object('ids', count(*)), true, 1000,
         CASE WHEN bool_and(c."finished_at" IS NOT NULL) THEN 'done' ELSE 'running' END, count(*),
         min(c."created_at"), CASE WHEN bool_and(c."finished_at" IS NOT NULL) THEN max(c."finished_at") END
  FROM "collector_commands" c
  WHERE NOT EXISTS (SELECT 1 FROM "reprocess_items" i WHERE i."command_id" = c."id")
  GROUP BY c."requested_by";

INSERT INTO "reprocess_items" ("request_id", "position", "dead_letter_id", "state", "previous_state", "command_id",
                               "error", "payload_override", "headers_override", "group_id", "channel_id",
                               "first_failed_at", "last_failed_at", "sent_at", "finished_at", "broker_id",
                               "destination", "collector_id", "possible_duplicate")
  SELECT r."id", (row_number() OVER (PARTITION BY r."id" ORDER BY c."created_at", c."id"))::int, c."dead_letter_id",
         CASE WHEN c."state" IN ('pending', 'sent') THEN 'sent' ELSE c."state" END, 'pending', c."id",
         c."error", c."payload_override", c."headers_override", d."group_id", d."channel_id",
         d."first_failed_at", d."last_failed_at", c."created_at", c."finished_at", d."broker_id",
         c."destination", c."collector_id", c."possible_duplicate"
  FROM "collector_commands" c
  JOIN "reprocess_requests" r ON r."idempotency_key" = 'imported-commands:' || COALESCE(c."requested_by"::text, 'system')
  LEFT JOIN "dead_letters" d ON d."id" = c."dead_letter_id"
  WHERE NOT EXISTS (SELECT 1 FROM "reprocess_items" i WHERE i."command_id" = c."id")
  ON CONFLICT DO NOTHING;

UPDATE "reprocess_requests" r
  SET "sent" = p."sent", "succeeded" = p."succeeded", "failed" = p."failed"
  FROM (SELECT "request_id", count(*)::int AS "sent",
               count(*) FILTER (WHERE "state" = 'succeeded')::int AS "succeeded",
               count(*) FILTER (WHERE "state" = 'failed')::int AS "failed"
        FROM "reprocess_items" GROUP BY "request_id") p
  WHERE r."id" = p."request_id" AND r."idempotency_key" LIKE 'imported-commands:%';

ALTER TABLE "reprocess_items" DROP CONSTRAINT "reprocess_items_command_id_fkey";
DROP TABLE "collector_commands";

-- Open is tested as `finished_at IS NULL` where a statement finds items by command id (the results):
-- with a state test the planner may answer it from the collector's open commands
-- (reprocess_items_open_commands_idx below) whenever statistics counted few in flight, reading every
-- command in flight against each batch (as it did for collector_commands: migration
-- 20261210000000_collector_commands_open_check). This ties the two together.
UPDATE "reprocess_items" SET "finished_at" = COALESCE("sent_at", now())
  WHERE "state" NOT IN ('pending', 'sent') AND "finished_at" IS NULL;
UPDATE "reprocess_items" SET "finished_at" = NULL WHERE "state" IN ('pending', 'sent') AND "finished_at" IS NOT NULL;
ALTER TABLE "reprocess_items" ADD CONSTRAINT "reprocess_items_open_check"
  CHECK (("state" IN ('pending', 'sent')) = ("finished_at" IS NULL));

-- An item in flight has its collector, command and destination; a pending one has none of the first two.
ALTER TABLE "reprocess_items" ADD CONSTRAINT "reprocess_items_command_check"
  CHECK ("state" <> 'sent' OR ("collector_id" IS NOT NULL AND "command_id" IS NOT NULL AND "destination" IS NOT NULL AND "sent_at" IS NOT NULL));

-- The push: a collector's commands in flight, in hand-over order (lib/collectors/pending-commands.ts).
CREATE INDEX "reprocess_items_open_commands_idx" ON "reprocess_items"("collector_id", "sent_at", "command_id")
  WHERE "state" = 'sent';
-- The Collectors page: a collector's outcomes of the last day, index-only.
CREATE INDEX "reprocess_items_finished_commands_idx" ON "reprocess_items"("collector_id", "finished_at")
  INCLUDE ("state", "possible_duplicate") WHERE "collector_id" IS NOT NULL AND "finished_at" IS NOT NULL;
