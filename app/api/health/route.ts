// GET /api/health — liveness for load balancers and the CLI: is the database answering?
import { pingDatabase } from "@/lib/db/ping";
import { handler } from "@/lib/http/handler";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = handler(async () => {
  try {
    await pingDatabase(2000);
    return Response.json({ status: "ok", db: "ok" });
  } catch (err) {
    return Response.json(
      { status: "error", db: err instanceof Error ? err.message : String(err) },
      { status: 503 },
    );
  }
});
