-- Readers cache what the rollups say about closed time (below the "hour" watermark) in process
-- (lib/rollups/closed-cache.ts). Closed time changes only when late rows arrive: ingest marks their
-- hour dirty and the compaction recomputes it; it then bumps the hour's version here, in the same
-- transaction, and every cached answer that covers that hour is dropped on its next read.

-- CreateTable
CREATE TABLE "rollup_hour_version" (
    "hour" TIMESTAMPTZ(0) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT "rollup_hour_version_pkey" PRIMARY KEY ("hour")
);
