// GET /api/v1/demo/slow-consumer — the demo's slow consumer and its factor · POST — change the factor
// (admin; 404 when the demo source is not running)
import { setSlowConsumer, slowConsumerInputSchema, slowConsumerState } from "@/collectors/demo/demo-control";
import { route } from "@/lib/http/handler";
import { readJson } from "@/lib/http/read-json";

export const dynamic = "force-dynamic";

export const GET = route({ kind: "user", permission: "events:read" }, () =>
  Promise.resolve(Response.json(slowConsumerState())),
);

export const POST = route({ kind: "user", permission: "settings:manage" }, async (req) =>
  Response.json(setSlowConsumer(await readJson(req, slowConsumerInputSchema))),
);
