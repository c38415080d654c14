// Traces against the running app: a trace made of an app's OTLP spans (POST /v1/traces) and the
// message and delivery a collector reported (POST /api/v1/ingest) is found by a search on its id;
// its page shows the span tree and the message hop with the broker wait, a span's attributes and the
// delivery's consumer. The demo's traced messages are found and open too, and the flows its services
// trace with OTel show their producer and consumer spans.
import { randomBytes } from "node:crypto";
import { expect, test } from "@/e2e/fixtures";
import { TracePage, TraceSearchPage } from "@/e2e/pages/traces-page";
import type { TraceList } from "@/lib/traces/api-types";

const suffix = randomBytes(4).toString("hex");
const TRACE = randomBytes(16).toString("hex");
const ROOT_SPAN = randomBytes(8).toString("hex");
const SEND_SPAN = randomBytes(8).toString("hex");
const TYPE = `E2eTraced.${suffix}`;
const MESSAGE = `e2e-trace-${suffix}`;

const nanos = (ms: number) => `${BigInt(ms) * 1_000_000n}`;

test("a trace opens from a search: spans, message hop, attributes and deliveries", async ({
  page,
  request,
  collectorToken,
}) => {
  const t0 = Date.now() - 5_000;
  const auth = { authorization: `Bearer ${collectorToken}` };
  const spans = await request.post("/v1/traces", {
    headers: { ...auth, "content-type": "application/json" },
    data: {
      resourceSpans: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: "e2e-checkout" } }] },
          scopeSpans: [
            {
              scope: { name: "e2e" },
              spans: [
                {
                  traceId: TRACE,
                  spanId: ROOT_SPAN,
                  name: "POST /e2e-orders",
                  kind: 2,
                  startTimeUnixNano: nanos(t0),
                  endTimeUnixNano: nanos(t0 + 40),
                },
                {
                  traceId: TRACE,
                  spanId: SEND_SPAN,
                  parentSpanId: ROOT_SPAN,
                  name: "e2e.orders send",
                  kind: 4,
                  startTimeUnixNano: nanos(t0 + 10),
                  endTimeUnixNano: nanos(t0 + 20),
                  attributes: [
                    { key: "messaging.system", value: { stringValue: "rabbitmq" } },
                    { key: "messaging.destination.name", value: { stringValue: "e2e.orders" } },
                    { key: "messaging.message.id", value: { stringValue: MESSAGE } },
                  ],
                },
              ],
            },
          ],
        },
      ],
    },
  });
  expect(spans.status(), await spans.text()).toBe(200);
  const ingest = await request.post("/api/v1/ingest", {
    headers: auth,
    data: {
      events: [
        {
          id: MESSAGE,
          broker: "e2e",
          channel: "e2e.orders",
          type: TYPE,
          producer: "e2e-checkout",
          publishedAt: new Date(t0 + 15).toISOString(),
          traceId: TRACE,
          spanId: SEND_SPAN,
          payload: { orderId: suffix, total: 42 },
        },
      ],
      deliveries: [
        {
          broker: "e2e",
          channel: "e2e.orders",
          consumer: "e2e-billing",
          messageId: MESSAGE,
          publishedAt: new Date(t0 + 15).toISOString(),
          deliveredAt: new Date(t0 + 215).toISOString(),
          ackedAt: new Date(t0 + 245).toISOString(),
          outcome: "ack",
        },
      ],
    },
  });
  expect(ingest.status(), await ingest.text()).toBe(202);

  const search = new TraceSearchPage(page);
  await search.goto();
  await search.traceId.fill(TRACE.toUpperCase());
  await search.searchButton.click();
  await expect(page).toHaveURL(new RegExp(`traceId=${TRACE.toUpperCase()}`));
  await expect(search.rowLink(TRACE)).toBeVisible();
  await expect(search.table.locator("tbody tr")).toHaveCount(1);
  await search.rowLink(TRACE).click();

  await expect(page).toHaveURL(new RegExp(`/traces/${TRACE}$`));
  const trace = new TracePage(page);
  await expect(page.getByRole("heading", { name: /POST \/e2e-orders/ })).toBeVisible();
  await expect(trace.row(/^POST \/e2e-orders/)).toBeVisible();
  await expect(trace.row(/^e2e\.orders send/)).toBeVisible();
  await expect(trace.row(new RegExp(`^publish ${TYPE.replace(".", "\\.")}`))).toBeVisible();

  await trace.row(/^e2e\.orders send/).click();
  await expect(trace.details.getByRole("rowheader", { name: "messaging.system" })).toBeVisible();
  await expect(trace.details.getByText(MESSAGE).first()).toBeVisible();

  await trace.row(/^deliver to e2e-billing/).click();
  const deliveries = trace.details.getByRole("region", { name: "Deliveries" });
  await expect(deliveries.getByRole("cell", { name: "e2e-billing" })).toBeVisible();
  await expect(deliveries.getByRole("cell", { name: "200 ms" })).toBeVisible(); // broker wait: publish → deliver
  await expect(trace.details.getByRole("region", { name: "Payload sample" })).toContainText(suffix);

  // The waterfall is keyboard-driven too: Up moves to the message row, Enter selects it.
  await trace.row(/^deliver to e2e-billing/).focus();
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("Enter");
  await expect(trace.details.getByRole("link", { name: TYPE })).toBeVisible();
});

test("the demo's traced messages are searchable and open as a waterfall", async ({ page }) => {
  const search = new TraceSearchPage(page);
  // The demo feeds the app continuously: reload until its first traces have been stored (each
  // load waits as long as any expectation; a shared, busy machine can be slow to answer).
  await expect(async () => {
    await search.goto("?range=1h");
    await expect(search.anyRowLink()).toBeVisible();
  }).toPass({ timeout: 40_000 });
  await search.anyRowLink().click();
  const trace = new TracePage(page);
  await expect(trace.row(/^publish /).first()).toBeVisible();
  await expect(trace.details).toBeVisible();
});

test("the demo's traced flows carry their services' spans, joined to their messages", async ({ page }) => {
  // A quarter of the demo's flows export OTel spans (collectors/demo/shop-spans.ts): one whose spans
  // and messages have both arrived.
  let traceId = "";
  await expect(async () => {
    const res = await page.request.get("/api/v1/traces?range=1h&limit=100");
    expect(res.status()).toBe(200);
    const { items } = (await res.json()) as TraceList;
    const both = items.find(
      (t) => t.spanCount >= 3 && t.messageCount >= 1 && t.rootName?.startsWith("publish "),
    );
    expect(both).toBeDefined();
    traceId = both!.traceId;
  }).toPass({ timeout: 40_000 });

  await page.goto(`/traces/${traceId}`);
  const trace = new TracePage(page);
  // The producer's span, and under it the message it published, its hop as the broker saw it.
  await trace
    .row(/^publish shop\.|^publish storefront\./)
    .first()
    .click();
  await expect(trace.details).toContainText("producer");
  await expect(trace.details).toContainText("Message ID");
  // A consumer's span of one delivery.
  await trace
    .row(/^process /)
    .first()
    .click();
  await expect(trace.details).toContainText("consumer");
  await expect(trace.details).toContainText("Parent");
});
