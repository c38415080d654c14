// GET /api/v1/collectors — registered collectors (token prefixes only) · POST — create one with a
// new token, shown once (admins)
import { actingFrom } from "@/lib/audit/actor";
import { createCollectorToken } from "@/lib/auth/collector-tokens";
import { collectorNameSchema } from "@/lib/auth/schemas";
import { getCollectors } from "@/lib/collectors/get-collectors";
import { route } from "@/lib/http/handler";
import { readJson } from "@/lib/http/read-json";

export const dynamic = "force-dynamic";

export const GET = route({ kind: "user", permission: "events:read" }, async () =>
  Response.json(await getCollectors()),
);

export const POST = route({ kind: "user", permission: "tokens:manage" }, async (req, _ctx, me) => {
  const { name } = await readJson(req, collectorNameSchema);
  const { token, collector } = await createCollectorToken(name, actingFrom(me, req));
  return Response.json({ token, collector }, { status: 201, headers: { "cache-control": "no-store" } });
});
