// GET /api/v1/settings/access — the access policy · PUT — change it (admins)
import { actingFrom } from "@/lib/audit/actor";
import { route } from "@/lib/http/handler";
import { readJson } from "@/lib/http/read-json";
import { accessPolicy, accessPolicySchema, setAccessPolicy } from "@/lib/settings/access-policy";

export const dynamic = "force-dynamic";

export const GET = route({ kind: "user", permission: "settings:manage" }, async () =>
  Response.json(await accessPolicy()),
);

export const PUT = route({ kind: "user", permission: "settings:manage" }, async (req, _ctx, me) =>
  Response.json(await setAccessPolicy(await readJson(req, accessPolicySchema), actingFrom(me, req))),
);
