// Support for the notification tests: a webhook receiver on localhost that answers with chosen
// status codes in turn (then 200) and records every request's headers, raw body and parsed body;
// a webhook contact point created through the API; an "absent" rule and the events that resolve it;
// and one evaluation cycle or outbox run at a chosen clock, which throws when it was skipped.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "vitest";
import { POST as createCpRoute } from "@/app/api/v1/contact-points/route";
import { evaluateRules } from "@/lib/alerts/evaluate-rules";
import { createRule } from "@/lib/alerts/manage-rules";
import { sendDueNotifications, type SendRun } from "@/lib/alerts/send-notifications";
import { ruleInputSchema } from "@/lib/alerts/rule-schema";
import { ingestBody } from "@/lib/ingest/ingest-batch";
import { call, type Caller } from "@/lib/testing/http-client";

export type Received = { headers: IncomingHttpHeaders; raw: string; body: Record<string, unknown> };

/** An HTTP receiver on localhost answering with `codes` in turn (then 200), recording every request. */
export async function receiver(codes: number[] = []) {
  const requests: Received[] = [];
  const server = createServer((req, res) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (d: string) => (raw += d));
    req.on("end", () => {
      requests.push({ headers: req.headers, raw, body: JSON.parse(raw) as Record<string, unknown> });
      res.statusCode = codes.shift() ?? 200;
      res.end(res.statusCode === 200 ? "ok" : "boom");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    of: (ruleId: string) => requests.filter((q) => (q.body.rule as { id?: string } | null)?.id === ruleId),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A webhook contact point (a unique name; `body` adds or overrides fields), created by `admin`; its id. */
export async function createContactPoint(admin: Caller, body: Record<string, unknown>): Promise<string> {
  const res = await call(createCpRoute, "/api/v1/contact-points", admin, {
    method: "POST",
    body: { name: `hook ${randomBytes(4).toString("hex")}`, kind: "webhook", ...body },
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

/** A rule named "absent <type>" that fires while `type` has no events in 5 minutes (for-duration 0); its id. */
export async function absentRule(type: string, fields: Record<string, unknown> = {}): Promise<string> {
  const spec = ruleInputSchema.parse({
    name: `absent ${type}`,
    kind: "throughput",
    scope: { kind: "event_type", type },
    params: { condition: "absent" },
    window: "5m",
    ...fields,
  });
  return (await createRule(spec, { userId: null, label: "test" })).id;
}

/** `n` events of `type` published from `atMs` on, through real ingest. */
export async function ingestEvents(type: string, atMs: number, n: number): Promise<void> {
  const r = await ingestBody(
    JSON.stringify({
      events: Array.from({ length: n }, (_, k) => ({
        id: `${type}-${randomBytes(4).toString("hex")}-${k}`,
        broker: "rabbit",
        channel: "orders",
        type,
        producer: "checkout",
        publishedAt: new Date(atMs + k * 100).toISOString(),
        payload: { k },
      })),
    }),
  );
  expect(r.rejected).toEqual([]);
}

/** A repeat interval no test reaches: a rule that stays firing notifies once. */
export const NO_REPEAT_MS = 24 * 60 * 60_000;

/** One evaluation cycle at `atMs` (the cycle's clock); throws when another instance holds the lock. */
export async function cycle(atMs: number, repeatMs = NO_REPEAT_MS) {
  const c = await evaluateRules(atMs, { repeatMs });
  if ("skipped" in c) throw new Error("cycle skipped");
  return c;
}

/** One run of the outbox sender; throws when another instance holds the lock. */
export async function send(
  o: Parameters<typeof sendDueNotifications>[0] = {},
): Promise<Exclude<SendRun, { skipped: "locked" }>> {
  const r = await sendDueNotifications(o);
  if ("skipped" in r) throw new Error("send skipped");
  return r;
}
