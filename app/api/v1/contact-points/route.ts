// GET /api/v1/contact-points — where alert notifications go (secrets never shown) · POST — add one
import { actingFrom } from "@/lib/audit/actor";
import { smtpConfigured } from "@/lib/alerts/email-transport";
import { createContactPoint, listContactPoints } from "@/lib/alerts/manage-contact-points";
import { contactPointInputSchema } from "@/lib/alerts/notification-schemas";
import { route } from "@/lib/http/handler";
import { readJson } from "@/lib/http/read-json";

export const dynamic = "force-dynamic";

export const GET = route({ kind: "user", permission: "events:read" }, async () =>
  // emailAvailable: whether the form may offer the email kind (SMTP_URL and SMTP_FROM are set).
  Response.json({ contactPoints: await listContactPoints(), emailAvailable: smtpConfigured() }),
);

export const POST = route({ kind: "user", permission: "alerts:manage" }, async (req, _ctx, me) => {
  const input = await readJson(req, contactPointInputSchema);
  return Response.json(await createContactPoint(input, actingFrom(me, req)), { status: 201 });
});
