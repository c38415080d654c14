// POST /api/v1/ingest — store a batch from a collector (its token; rate-limited per token)
import { env } from "@/lib/env";
import { route } from "@/lib/http/handler";
import { ingestBody } from "@/lib/ingest/ingest-batch";
import { readIngestBody } from "@/lib/ingest/read-body";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route({ kind: "collector" }, async (req, _ctx, collector) => {
  const body = await readIngestBody(req, { maxBytes: env().INGEST_MAX_BODY_BYTES });
  const result = await ingestBody(body, { collector: collector.name });
  return Response.json(result, { status: 202 });
});
