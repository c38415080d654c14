// GET /api/v1/traces/:traceId — one trace: spans, message hops with deliveries, payload samples
import { principalCan } from "@/lib/auth/principal";
import { route } from "@/lib/http/handler";
import { accessPolicy } from "@/lib/settings/access-policy";
import { getTrace } from "@/lib/traces/get-trace";
import { traceIdParam } from "@/lib/traces/trace-id-param";

export const dynamic = "force-dynamic";

export const GET = route({ kind: "user", permission: "events:read" }, async (_req, ctx, me) => {
  const traceId = await traceIdParam(ctx);
  const showPayloads = principalCan(me, "payloads:read", await accessPolicy());
  return Response.json(await getTrace(traceId, { showPayloads }));
});
