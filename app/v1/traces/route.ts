// POST /v1/traces — OTLP/HTTP trace export (JSON or protobuf, gzip allowed) with a collector token
import { route } from "@/lib/http/handler";
import { exportResponse, exportTraces } from "@/lib/traces/export-traces";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const POST = route({ kind: "collector" }, async (req) => exportResponse(await exportTraces(req)));
