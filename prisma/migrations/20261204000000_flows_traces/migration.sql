-- Flows, latency and traces (issue 6).
-- * Rollups gain two more log-bucket histograms on consume edges: deliver → ack (processing) and
--   publish → ack (end to end for that consumer); `latency` stays publish → deliver (on produce
--   edges: publish → observed by the collector, the broker's own time).
-- * Broker gauges (queue depth, consumer lag, …) from collector heartbeats, kept per minute (last
--   value wins), so flow edges and alert rules can show lag as history rather than only "now".
-- * Spans keep their messaging attributes as columns (joined to messages by message id or by
--   trace/span id), and one summary row per trace makes trace search an index lookup instead of
--   a scan of spans and messages.

-- AlterTable
ALTER TABLE "rollup_minute" ADD COLUMN "process_latency" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN "e2e_latency" INTEGER[] DEFAULT ARRAY[]::INTEGER[];

-- CreateTable
CREATE TABLE "gauge_minute" (
    "minute" TIMESTAMPTZ(0) NOT NULL,
    "channel_id" INTEGER NOT NULL,
    "consumer_id" INTEGER NOT NULL DEFAULT 0,
    "name" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    CONSTRAINT "gauge_minute_pkey" PRIMARY KEY ("minute","channel_id","consumer_id","name")
);
CREATE INDEX "gauge_minute_channel_id_minute_idx" ON "gauge_minute"("channel_id", "minute");

-- AlterTable
ALTER TABLE "spans" ADD COLUMN "status_message" TEXT,
ADD COLUMN "messaging_system" TEXT,
ADD COLUMN "destination" TEXT,
ADD COLUMN "operation" TEXT,
ADD COLUMN "links" JSONB,
ADD COLUMN "events" JSONB,
ADD COLUMN "resource" JSONB,
ADD COLUMN "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
CREATE INDEX "spans_service_name_start_time_idx" ON "spans"("service_name", "start_time");

-- CreateTable
CREATE TABLE "traces" (
    "trace_id" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3) NOT NULL,
    "duration_ms" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "root_service" TEXT,
    "root_name" TEXT,
    "span_count" INTEGER NOT NULL DEFAULT 0,
    "message_count" INTEGER NOT NULL DEFAULT 0,
    "error_count" INTEGER NOT NULL DEFAULT 0,
    "services" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "event_type_ids" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "traces_pkey" PRIMARY KEY ("trace_id")
);
CREATE INDEX "traces_started_at_idx" ON "traces"("started_at");
CREATE INDEX "traces_duration_ms_idx" ON "traces"("duration_ms");
CREATE INDEX "traces_services_idx" ON "traces" USING GIN ("services");
CREATE INDEX "traces_event_type_ids_idx" ON "traces" USING GIN ("event_type_ids");
