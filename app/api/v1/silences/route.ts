// GET /api/v1/silences — current and future silences (?expired=1: all) · POST — silence alerts
import { z } from "zod";
import { actingFrom } from "@/lib/audit/actor";
import { silenceInputSchema } from "@/lib/alerts/notification-schemas";
import { createSilence, listSilences } from "@/lib/alerts/silences";
import { route } from "@/lib/http/handler";
import { readJson } from "@/lib/http/read-json";

export const dynamic = "force-dynamic";

const expired = z.enum(["0", "1", "true", "false"]).optional();

export const GET = route({ kind: "user", permission: "events:read" }, async (req) => {
  const e = expired.parse(new URL(req.url).searchParams.get("expired") ?? undefined);
  return Response.json({ silences: await listSilences({ expired: e === "1" || e === "true" }) });
});

export const POST = route({ kind: "user", permission: "alerts:silence" }, async (req, _ctx, me) => {
  const input = await readJson(req, silenceInputSchema);
  return Response.json(await createSilence(input, { ...actingFrom(me, req), userId: me.userId }), {
    status: 201,
  });
});
