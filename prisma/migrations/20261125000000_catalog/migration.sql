-- Schema catalog (issue 5): the payload shapes each event type has shown (inference runs once per
-- new shape, never per event), which channels and services produce and consume each type, the
-- violations of registered schemas found in live traffic, and per type its current versions and
-- its drift from the registered schema.

-- AlterTable
ALTER TABLE "event_types" ADD COLUMN "inferred_version" INTEGER,
ADD COLUMN "registered_version" INTEGER,
ADD COLUMN "drift" JSONB,
ADD COLUMN "schema_checked_at" TIMESTAMPTZ(3),
ADD COLUMN "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- An inferred schema may come back to an earlier shape (a rollback): that is a new version in the
-- history, so the fingerprint is no longer unique per type and source.
DROP INDEX "schema_versions_event_type_id_source_fingerprint_key";
CREATE INDEX "schema_versions_event_type_id_source_fingerprint_idx" ON "schema_versions"("event_type_id", "source", "fingerprint");

-- CreateTable
CREATE TABLE "event_type_shapes" (
    "event_type_id" INTEGER NOT NULL,
    "shape_hash" TEXT NOT NULL,
    "producer_id" INTEGER NOT NULL DEFAULT 0,
    "summary" JSONB NOT NULL,
    "samples" INTEGER NOT NULL DEFAULT 0,
    "example" JSONB,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "schema_version" INTEGER,
    CONSTRAINT "event_type_shapes_pkey" PRIMARY KEY ("event_type_id", "shape_hash", "producer_id")
);
CREATE INDEX "event_type_shapes_last_seen_at_idx" ON "event_type_shapes"("last_seen_at");

-- CreateTable
CREATE TABLE "event_type_links" (
    "event_type_id" INTEGER NOT NULL,
    "channel_id" INTEGER NOT NULL,
    "service_id" INTEGER NOT NULL DEFAULT 0,
    "role" TEXT NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "event_type_links_pkey" PRIMARY KEY ("event_type_id", "channel_id", "service_id", "role"),
    CONSTRAINT "event_type_links_role_check" CHECK ("role" IN ('produce', 'consume'))
);
CREATE INDEX "event_type_links_channel_id_idx" ON "event_type_links"("channel_id");
CREATE INDEX "event_type_links_service_id_idx" ON "event_type_links"("service_id");

-- CreateTable
CREATE TABLE "schema_violations" (
    "schema_version_id" INTEGER NOT NULL,
    "event_type_id" INTEGER NOT NULL,
    "path" TEXT NOT NULL,
    "keyword" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "count" BIGINT NOT NULL DEFAULT 0,
    "example" JSONB,
    "example_message_id" TEXT,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "schema_violations_pkey" PRIMARY KEY ("schema_version_id", "path", "keyword")
);
CREATE INDEX "schema_violations_event_type_id_idx" ON "schema_violations"("event_type_id");

-- CreateIndex
CREATE INDEX "event_types_last_seen_at_idx" ON "event_types"("last_seen_at");

-- AddForeignKey
ALTER TABLE "event_type_shapes" ADD CONSTRAINT "event_type_shapes_event_type_id_fkey" FOREIGN KEY ("event_type_id") REFERENCES "event_types"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "event_type_links" ADD CONSTRAINT "event_type_links_event_type_id_fkey" FOREIGN KEY ("event_type_id") REFERENCES "event_types"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "event_type_links" ADD CONSTRAINT "event_type_links_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "channels"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "schema_violations" ADD CONSTRAINT "schema_violations_schema_version_id_fkey" FOREIGN KEY ("schema_version_id") REFERENCES "schema_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "schema_violations" ADD CONSTRAINT "schema_violations_event_type_id_fkey" FOREIGN KEY ("event_type_id") REFERENCES "event_types"("id") ON DELETE CASCADE ON UPDATE CASCADE;
