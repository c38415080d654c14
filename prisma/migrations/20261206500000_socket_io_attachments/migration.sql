-- socket.io's Postgres adapter (live updates across app instances, server/live-adapter.ts) stores
-- messages too big for one NOTIFY (8 000 bytes) here and deletes rows older than 30 s itself.
-- Created here rather than at run time: the app never issues DDL outside its migrations.
CREATE TABLE "socket_io_attachments" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "payload" BYTEA NOT NULL,

    CONSTRAINT "socket_io_attachments_pkey" PRIMARY KEY ("id")
);

-- The adapter's cleanup deletes by age every 30 s.
CREATE INDEX "socket_io_attachments_created_at_idx" ON "socket_io_attachments"("created_at");
