// GET /api/v1/alert-rules/export — every rule as a YAML document to keep in git (re-import with POST …/import)
import { exportRulesYaml } from "@/lib/alerts/rules-yaml";
import { route } from "@/lib/http/handler";

export const dynamic = "force-dynamic";

export const GET = route(
  { kind: "user", permission: "events:read" },
  async () =>
    new Response(await exportRulesYaml(), {
      headers: {
        "content-type": "application/yaml; charset=utf-8",
        "content-disposition": 'attachment; filename="eventscope-alert-rules.yaml"',
      },
    }),
);
