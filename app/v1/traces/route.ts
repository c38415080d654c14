// POST /v1/traces — OTLP/HTTP trace export (JSON or protobuf, gzip allowed) with a collector token; 429 when the database is behind
import { route } from "@/lib/http/handler";
import { admitIngest } from "@/lib/ingest/admit-ingest";
import { exportResponse, exportTraces } from "@/lib/traces/export-traces";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = admitIngest(
  "otlp",
  route({ kind: "collector" }, async (req) => exportResponse(await exportTraces(req))),
);
