-- Latency rollups pre-merged across channels and services, per event type (event_type_id 0: all
-- types) and hop (broker, deliver, process, e2e), with the step's percentiles computed once by the
-- hourly compaction (lib/latency/compact-latency.ts, with the same histogramQuantile the API uses).
-- A week of one type at one minute is then 10 080 small rows read in index order instead of ~30 000
-- rollup_minute histograms merged per request (bench:queries). Rows are final below the "latency"
-- rollup_watermark; readers take the minutes after it from rollup_minute.

-- CreateTable
CREATE TABLE "latency_minute" (
    "event_type_id" INTEGER NOT NULL,
    "hop" TEXT NOT NULL,
    "minute" TIMESTAMPTZ(0) NOT NULL,
    "count" BIGINT NOT NULL DEFAULT 0,
    "errors" BIGINT NOT NULL DEFAULT 0,
    "samples" BIGINT NOT NULL DEFAULT 0,
    "p50" DOUBLE PRECISION,
    "p95" DOUBLE PRECISION,
    "p99" DOUBLE PRECISION,
    "hist" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    CONSTRAINT "latency_minute_pkey" PRIMARY KEY ("event_type_id","hop","minute")
);

-- CreateTable
CREATE TABLE "latency_hour" (
    "event_type_id" INTEGER NOT NULL,
    "hop" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(0) NOT NULL,
    "count" BIGINT NOT NULL DEFAULT 0,
    "errors" BIGINT NOT NULL DEFAULT 0,
    "samples" BIGINT NOT NULL DEFAULT 0,
    "p50" DOUBLE PRECISION,
    "p95" DOUBLE PRECISION,
    "p99" DOUBLE PRECISION,
    "hist" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    CONSTRAINT "latency_hour_pkey" PRIMARY KEY ("event_type_id","hop","hour")
);

-- Retention deletes by time (lib/retention/delete-expired.ts); the tables are new, so no CONCURRENTLY.
CREATE INDEX "latency_minute_minute_idx" ON "latency_minute"("minute");
CREATE INDEX "latency_hour_hour_idx" ON "latency_hour"("hour");
