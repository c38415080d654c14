// POST /api/v1/alert-rules/preview?range=1h|6h|24h — a rule (the create body, checked the same way)
// → its metric over the range and where it would have been pending or firing; stores nothing
import { z } from "zod";
import { previewRule, PREVIEW_RANGES, type PreviewRange } from "@/lib/alerts/preview-rule";
import { ruleInputSchema } from "@/lib/alerts/rule-schema";
import { queryObject } from "@/lib/catalog/catalog-schemas";
import { route } from "@/lib/http/handler";
import { readJson } from "@/lib/http/read-json";

export const dynamic = "force-dynamic";

const ranges = Object.keys(PREVIEW_RANGES) as [PreviewRange, ...PreviewRange[]];
const query = z.strictObject({
  range: z.enum(ranges, { error: `must be ${ranges.map((r) => `"${r}"`).join(", ")}` }).default("6h"),
});

export const POST = route({ kind: "user", permission: "events:read" }, async (req) => {
  const { range } = query.parse(queryObject(req.url));
  const spec = await readJson(req, ruleInputSchema);
  return Response.json(await previewRule(spec, range));
});
