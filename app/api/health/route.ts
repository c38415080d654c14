// GET /api/health — liveness for load balancers and the CLI: is the database answering?
import { pingDatabase } from "@/lib/db/ping";
import { route } from "@/lib/http/handler";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const GET = route(
  { kind: "public", why: "load balancers and probes have no credentials" },
  async () => {
    try {
      await pingDatabase(2000);
      return Response.json({ status: "ok", db: "ok" });
    } catch (err) {
      return Response.json(
        { status: "error", db: err instanceof Error ? err.message : String(err) },
        { status: 503 },
      );
    }
  },
);
