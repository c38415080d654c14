-- Eventscope initial schema. Kept in step with prisma/schema.prisma by hand (Prisma naming);
-- the one thing Prisma cannot express is that "messages" is range-partitioned by day.

-- CreateTable
CREATE TABLE "brokers" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'unknown',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "brokers_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "channels" (
    "id" SERIAL NOT NULL,
    "broker_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'channel',
    "is_dead_letter" BOOLEAN NOT NULL DEFAULT false,
    "dead_letter_of_id" INTEGER,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "channels_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "services" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "services_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "event_types" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "owner" TEXT,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "compatibility" TEXT NOT NULL DEFAULT 'BACKWARD',
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "event_types_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "schema_versions" (
    "id" SERIAL NOT NULL,
    "event_type_id" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "format" TEXT NOT NULL DEFAULT 'json-schema',
    "definition" JSONB NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "compatibility" JSONB,
    "example" JSONB,
    "producers" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "schema_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable (partitioned by day; partitions are created by es_ensure_message_partitions)
CREATE TABLE "messages" (
    "broker_id" INTEGER NOT NULL,
    "message_id" TEXT NOT NULL,
    "published_at" TIMESTAMPTZ(3) NOT NULL,
    "observed_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "channel_id" INTEGER NOT NULL,
    "event_type_id" INTEGER NOT NULL,
    "producer_id" INTEGER,
    "size" INTEGER NOT NULL DEFAULT 0,
    "trace_id" TEXT,
    "span_id" TEXT,
    "headers" JSONB,
    "payload" JSONB,
    "payload_truncated" BOOLEAN NOT NULL DEFAULT false,
    "shape_hash" TEXT,
    "valid" BOOLEAN,
    CONSTRAINT "messages_pkey" PRIMARY KEY ("broker_id","message_id","published_at")
) PARTITION BY RANGE ("published_at");

-- Rows outside every daily partition (very old or far-future clocks) land here, never lost.
CREATE TABLE "messages_default" PARTITION OF "messages" DEFAULT;

-- CreateTable
CREATE TABLE "deliveries" (
    "broker_id" INTEGER NOT NULL,
    "message_id" TEXT NOT NULL,
    "consumer_id" INTEGER NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "channel_id" INTEGER NOT NULL,
    "delivered_at" TIMESTAMPTZ(3) NOT NULL,
    "acked_at" TIMESTAMPTZ(3),
    "outcome" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "deliveries_pkey" PRIMARY KEY ("broker_id","message_id","consumer_id","attempt")
);

-- CreateTable
CREATE TABLE "spans" (
    "trace_id" TEXT NOT NULL,
    "span_id" TEXT NOT NULL,
    "parent_span_id" TEXT,
    "name" TEXT NOT NULL,
    "service_name" TEXT,
    "kind" TEXT,
    "start_time" TIMESTAMPTZ(3) NOT NULL,
    "end_time" TIMESTAMPTZ(3) NOT NULL,
    "status_code" TEXT,
    "attributes" JSONB,
    "message_id" TEXT,
    CONSTRAINT "spans_pkey" PRIMARY KEY ("trace_id","span_id")
);

-- CreateTable
CREATE TABLE "rollup_minute" (
    "minute" TIMESTAMPTZ(0) NOT NULL,
    "edge" TEXT NOT NULL,
    "channel_id" INTEGER NOT NULL,
    "event_type_id" INTEGER NOT NULL,
    "service_id" INTEGER NOT NULL DEFAULT 0,
    "count" BIGINT NOT NULL DEFAULT 0,
    "errors" BIGINT NOT NULL DEFAULT 0,
    "bytes" BIGINT NOT NULL DEFAULT 0,
    "latency" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    CONSTRAINT "rollup_minute_pkey" PRIMARY KEY ("minute","edge","channel_id","event_type_id","service_id")
);

-- CreateTable
CREATE TABLE "dead_letters" (
    "id" UUID NOT NULL,
    "broker_id" INTEGER NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "channel_id" INTEGER NOT NULL,
    "original_channel_id" INTEGER,
    "event_type" TEXT,
    "producer" TEXT,
    "reason" TEXT NOT NULL,
    "error_text" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "first_failed_at" TIMESTAMPTZ(3) NOT NULL,
    "last_failed_at" TIMESTAMPTZ(3) NOT NULL,
    "headers" JSONB,
    "payload" BYTEA NOT NULL,
    "content_type" TEXT,
    "trace_id" TEXT,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "dead_letters_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reprocess_requests" (
    "id" UUID NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "requested_by" TEXT,
    "selector" JSONB NOT NULL,
    "target" TEXT,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "total" INTEGER NOT NULL DEFAULT 0,
    "succeeded" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "rate_per_second" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    CONSTRAINT "reprocess_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reprocess_items" (
    "request_id" UUID NOT NULL,
    "dead_letter_id" UUID NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "error" TEXT,
    "sent_at" TIMESTAMPTZ(3),
    CONSTRAINT "reprocess_items_pkey" PRIMARY KEY ("request_id","dead_letter_id")
);

-- CreateTable
CREATE TABLE "alert_rules" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "scope" JSONB NOT NULL,
    "params" JSONB NOT NULL,
    "window_sec" INTEGER NOT NULL DEFAULT 300,
    "for_sec" INTEGER NOT NULL DEFAULT 0,
    "severity" TEXT NOT NULL DEFAULT 'warning',
    "labels" JSONB,
    "summary" TEXT,
    "runbook_url" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "alert_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_states" (
    "id" BIGSERIAL NOT NULL,
    "rule_id" UUID NOT NULL,
    "scope_key" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "value" DOUBLE PRECISION,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "alert_states_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_channels" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "notification_channels_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "silences" (
    "id" UUID NOT NULL,
    "matchers" JSONB NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "comment" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    CONSTRAINT "silences_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "collectors" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "token_prefix" TEXT NOT NULL,
    "broker_id" INTEGER,
    "version" TEXT,
    "last_seen_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),
    CONSTRAINT "collectors_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "role" TEXT NOT NULL DEFAULT 'viewer',
    "disabled_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "token_prefix" TEXT NOT NULL,
    "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "expires_at" TIMESTAMPTZ(3),
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_type" TEXT NOT NULL,
    "actor_id" TEXT,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "details" JSONB,
    "ip" TEXT,
    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "brokers_name_key" ON "brokers"("name");
CREATE UNIQUE INDEX "channels_broker_id_name_key" ON "channels"("broker_id", "name");
CREATE UNIQUE INDEX "services_name_key" ON "services"("name");
CREATE UNIQUE INDEX "event_types_name_key" ON "event_types"("name");
CREATE UNIQUE INDEX "schema_versions_event_type_id_version_key" ON "schema_versions"("event_type_id", "version");
CREATE UNIQUE INDEX "schema_versions_event_type_id_source_fingerprint_key" ON "schema_versions"("event_type_id", "source", "fingerprint");
CREATE INDEX "messages_published_at_idx" ON "messages"("published_at");
CREATE INDEX "messages_channel_id_published_at_idx" ON "messages"("channel_id", "published_at");
CREATE INDEX "messages_event_type_id_published_at_idx" ON "messages"("event_type_id", "published_at");
CREATE INDEX "messages_trace_id_idx" ON "messages"("trace_id");
CREATE INDEX "deliveries_delivered_at_idx" ON "deliveries"("delivered_at");
CREATE INDEX "deliveries_channel_id_delivered_at_idx" ON "deliveries"("channel_id", "delivered_at");
CREATE INDEX "spans_start_time_idx" ON "spans"("start_time");
CREATE INDEX "spans_message_id_idx" ON "spans"("message_id");
CREATE INDEX "rollup_minute_channel_id_minute_idx" ON "rollup_minute"("channel_id", "minute");
CREATE INDEX "rollup_minute_event_type_id_minute_idx" ON "rollup_minute"("event_type_id", "minute");
CREATE INDEX "dead_letters_state_last_failed_at_idx" ON "dead_letters"("state", "last_failed_at");
CREATE INDEX "dead_letters_channel_id_last_failed_at_idx" ON "dead_letters"("channel_id", "last_failed_at");
CREATE UNIQUE INDEX "dead_letters_broker_id_dedupe_key_key" ON "dead_letters"("broker_id", "dedupe_key");
CREATE UNIQUE INDEX "reprocess_requests_idempotency_key_key" ON "reprocess_requests"("idempotency_key");
CREATE INDEX "alert_states_rule_id_scope_key_at_idx" ON "alert_states"("rule_id", "scope_key", "at");
CREATE UNIQUE INDEX "collectors_name_key" ON "collectors"("name");
CREATE UNIQUE INDEX "collectors_token_hash_key" ON "collectors"("token_hash");
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at");

-- AddForeignKey
ALTER TABLE "channels" ADD CONSTRAINT "channels_broker_id_fkey" FOREIGN KEY ("broker_id") REFERENCES "brokers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "channels" ADD CONSTRAINT "channels_dead_letter_of_id_fkey" FOREIGN KEY ("dead_letter_of_id") REFERENCES "channels"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "schema_versions" ADD CONSTRAINT "schema_versions_event_type_id_fkey" FOREIGN KEY ("event_type_id") REFERENCES "event_types"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "dead_letters" ADD CONSTRAINT "dead_letters_broker_id_fkey" FOREIGN KEY ("broker_id") REFERENCES "brokers"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "dead_letters" ADD CONSTRAINT "dead_letters_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "channels"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "dead_letters" ADD CONSTRAINT "dead_letters_original_channel_id_fkey" FOREIGN KEY ("original_channel_id") REFERENCES "channels"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "reprocess_items" ADD CONSTRAINT "reprocess_items_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "reprocess_requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "reprocess_items" ADD CONSTRAINT "reprocess_items_dead_letter_id_fkey" FOREIGN KEY ("dead_letter_id") REFERENCES "dead_letters"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "alert_states" ADD CONSTRAINT "alert_states_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "alert_rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "collectors" ADD CONSTRAINT "collectors_broker_id_fkey" FOREIGN KEY ("broker_id") REFERENCES "brokers"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Daily partitions of "messages" for [from_day, to_day]; idempotent, run at boot and daily.
CREATE FUNCTION es_ensure_message_partitions(from_day DATE, to_day DATE) RETURNS INTEGER
LANGUAGE plpgsql AS $$
DECLARE
  d DATE := from_day;
  created INTEGER := 0;
  part TEXT;
BEGIN
  WHILE d <= to_day LOOP
    part := 'messages_' || to_char(d, 'YYYYMMDD');
    IF to_regclass(format('%I', part)) IS NULL THEN
      -- A day that already has rows in the default partition stays there (moving them would lock).
      -- Days are UTC days whatever the session's TimeZone.
      IF NOT EXISTS (SELECT 1 FROM messages_default
                     WHERE published_at >= (d::timestamp AT TIME ZONE 'UTC')
                       AND published_at < ((d + 1)::timestamp AT TIME ZONE 'UTC')) THEN
        EXECUTE format('CREATE TABLE %I PARTITION OF messages FOR VALUES FROM (%L) TO (%L)',
                       part, d::timestamp AT TIME ZONE 'UTC', (d + 1)::timestamp AT TIME ZONE 'UTC');
        created := created + 1;
      END IF;
    END IF;
    d := d + 1;
  END LOOP;
  RETURN created;
END $$;

-- Element-wise sum of two latency histograms (bucket arrays of any lengths).
CREATE FUNCTION es_hist_add(a INTEGER[], b INTEGER[]) RETURNS INTEGER[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT COALESCE(array_agg(COALESCE(a[i], 0) + COALESCE(b[i], 0) ORDER BY i), ARRAY[]::INTEGER[])
  FROM generate_series(1, GREATEST(COALESCE(array_length(a, 1), 0), COALESCE(array_length(b, 1), 0))) AS i
$$;

-- Aggregate form of es_hist_add, to merge many rollup rows into one histogram.
CREATE AGGREGATE es_hist_sum(INTEGER[]) (SFUNC = es_hist_add, STYPE = INTEGER[], INITCOND = '{}');
