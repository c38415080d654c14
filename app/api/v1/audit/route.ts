// GET /api/v1/audit?action=&actor=&before=&limit= — the audit log, newest first (admins)
import { auditQuerySchema, listAudit } from "@/lib/audit/list-audit";
import { route } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

export const GET = route({ kind: "user", permission: "audit:read" }, async (req) => {
  const params = Object.fromEntries(new URL(req.url).searchParams);
  return Response.json(await listAudit(auditQuerySchema.parse(params)));
});
