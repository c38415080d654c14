// POST /api/v1/ingest — store a batch from a collector
import { authenticateCollector } from "@/lib/auth/collector-tokens";
import { env } from "@/lib/env";
import { handler } from "@/lib/http/handler";
import { ingestBody } from "@/lib/ingest/ingest-batch";
import { readIngestBody } from "@/lib/ingest/read-body";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = handler(async (req) => {
  const collector = await authenticateCollector(req.headers.get("authorization"));
  const body = await readIngestBody(req, { maxBytes: env().INGEST_MAX_BODY_BYTES });
  const result = await ingestBody(body, { collector: collector.name });
  return Response.json(result, { status: 202 });
});
