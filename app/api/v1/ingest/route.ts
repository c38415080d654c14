// POST /api/v1/ingest — store a batch from a collector (its token; rate-limited per token; 429 when the database is behind)
import { env } from "@/lib/env";
import { route } from "@/lib/http/handler";
import { admitIngest, timeIngestWrite } from "@/lib/ingest/admit-ingest";
import { ingestBody } from "@/lib/ingest/ingest-batch";
import { readIngestBody } from "@/lib/ingest/read-body";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = admitIngest(
  "ingest",
  route({ kind: "collector" }, async (req, _ctx, collector) => {
    const body = await readIngestBody(req, { maxBytes: env().INGEST_MAX_BODY_BYTES });
    const result = await timeIngestWrite(
      "ingest",
      () => ingestBody(body, { collector: collector.name }),
      (r) => ({
        bytes: body.length,
        stored: r.accepted,
        duplicates: r.duplicates,
        rejected: r.rejected.length,
      }),
    );
    return Response.json(result, { status: 202 });
  }),
);
