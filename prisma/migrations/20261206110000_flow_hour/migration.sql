-- rollup_hour summed per flow-graph edge (edge kind, channel, service) over every event type, with
-- the types it carried: a 24 h graph of ~45 edges is ~1 100 of these instead of ~4 300 per-type hour
-- rows (plus ~14 000 minute rows for its ragged ends) merged per request (bench:queries). Written by
-- the hourly compaction for the hours it recomputes (lib/flows/compact-flow-hours.ts), the hour
-- being filled included (exact up to the "hour" watermark).

-- CreateTable
CREATE TABLE "flow_hour" (
    "hour" TIMESTAMPTZ(0) NOT NULL,
    "edge" TEXT NOT NULL,
    "channel_id" INTEGER NOT NULL,
    "service_id" INTEGER NOT NULL DEFAULT 0,
    "count" BIGINT NOT NULL DEFAULT 0,
    "errors" BIGINT NOT NULL DEFAULT 0,
    "bytes" BIGINT NOT NULL DEFAULT 0,
    "latency" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "e2e_latency" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "type_ids" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    CONSTRAINT "flow_hour_pkey" PRIMARY KEY ("hour","edge","channel_id","service_id")
);

-- The hours compacted so far (the same statement as the compaction's).
INSERT INTO flow_hour (hour, edge, channel_id, service_id, count, errors, bytes, latency, e2e_latency, type_ids)
SELECT r.hour, r.edge, r.channel_id, r.service_id, sum(r.count), sum(r.errors), sum(r.bytes),
       es_hist_sum(r.latency), es_hist_sum(r.e2e_latency), array_agg(DISTINCT r.event_type_id)
FROM rollup_hour r
GROUP BY r.hour, r.edge, r.channel_id, r.service_id;
