// The catalog against the running app: a type seeded through the ingest API whose `amount` changes
// from a number to a string gets two inferred versions; the list finds it; its page diffs the two
// versions; a schema registers (a new version appears) and an incompatible one is refused with the
// breaking change in words; a viewer sees the catalog but none of its edit controls.
import { randomBytes } from "node:crypto";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, test } from "@/e2e/fixtures";
import { joinAsViewer } from "@/e2e/support/join-as-viewer";
import { CatalogListPage, EventTypePage } from "@/e2e/pages/catalog-page";
import type { SchemaVersionList } from "@/lib/catalog/api-types";

test.describe.configure({ mode: "serial" });

const suffix = randomBytes(4).toString("hex");
// A space in the name: the page must find it through its URL-encoded path segment.
const TYPE = `E2e OrderPlaced.${suffix}`;
const CHANNEL = `e2e.orders.${suffix}`;

/** One batch of `count` events of TYPE whose `amount` is made by `amount`. */
async function ingest(
  request: APIRequestContext,
  token: string,
  batch: string,
  amount: (i: number) => unknown,
) {
  const events = Array.from({ length: 5 }, (_, i) => ({
    id: `${suffix}-${batch}-${i}`,
    broker: "e2e",
    channel: CHANNEL,
    type: TYPE,
    producer: "e2e-checkout",
    publishedAt: new Date().toISOString(),
    payload: { orderId: `${suffix}-${batch}-${i}`, amount: amount(i), currency: "EUR" },
  }));
  const res = await request.post("/api/v1/ingest", {
    headers: { authorization: `Bearer ${token}` },
    data: { events },
  });
  expect(res.status(), await res.text()).toBe(202);
}

async function versions(page: Page): Promise<SchemaVersionList["versions"]> {
  const res = await page.request.get(`/api/v1/event-types/${encodeURIComponent(TYPE)}/schemas`);
  if (!res.ok()) return [];
  return ((await res.json()) as SchemaVersionList).versions.toSorted((a, b) => a.version - b.version); // the API lists newest first
}

const registered = {
  type: "object",
  properties: { orderId: { type: "string" }, amount: { type: "string" }, currency: { type: "string" } },
  required: ["orderId", "amount"],
};

test("seed: a field that changes type gives the type two inferred versions", async ({
  page,
  request,
  collectorToken,
}) => {
  test.setTimeout(60_000); // two inferred versions, each after the catalog's settle window
  await ingest(request, collectorToken, "a", (i) => 10 + i + 0.5);
  await expect.poll(async () => (await versions(page)).length, { timeout: 20_000 }).toBe(1);
  await ingest(request, collectorToken, "b", (i) => `${10 + i}.50`);
  await expect
    .poll(async () => (await versions(page)).map((v) => `${v.version}:${v.source}`), { timeout: 20_000 })
    .toEqual(["1:inferred", "2:inferred"]);
});

test("search the catalog, open the type, and diff its two versions", async ({ page }) => {
  const list = new CatalogListPage(page);
  await list.goto();
  await expect(list.table).toBeVisible(); // read in the client: the page is hydrated, its shortcuts live
  await page.keyboard.press("/"); // the shortcut to the search box
  await expect(list.search).toBeFocused();
  await page.keyboard.type(suffix);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${suffix}`));
  await expect(list.table.getByRole("link")).toHaveCount(1);
  await expect(list.row(TYPE)).toContainText("inferred v2");
  await list.rowLink(TYPE).click();

  const type = new EventTypePage(page);
  await expect(page).toHaveURL(`/catalog/${encodeURIComponent(TYPE)}`);
  await expect(type.heading).toHaveText(TYPE);
  await expect(page.getByRole("list", { name: "Channels" })).toContainText(CHANNEL);
  await expect(
    page.getByRole("list", { name: "Producers" }).getByRole("link", { name: "e2e-checkout" }),
  ).toHaveAttribute("href", "/flows?service=e2e-checkout");
  // v2's verdict, in words.
  await expect(type.versionRow(2)).toContainText("breaking");
  await expect(type.versionRow(2)).toContainText("field amount changed type number → string");

  await type.compare(1, 2);
  const diff = type.diff(1, 2);
  const changed = diff.locator('tr[data-kind="changed"]');
  await expect(changed).toHaveCount(1);
  await expect(changed).toContainText('"type": "number"');
  await expect(changed).toContainText('"type": "string"');

  // The schema as a tree, walked by keyboard: amount is a string now, and required.
  const tree = page.getByRole("tree", { name: /^Schema of / });
  await tree.getByRole("treeitem").first().focus();
  await page.keyboard.press("ArrowDown");
  await expect(tree.getByRole("treeitem", { name: /^amount/ })).toBeFocused();
  await expect(tree.getByRole("treeitem", { name: /^amount/ })).toContainText("string");
});

test("register a compatible schema, then see an incompatible one refused with the breaking change", async ({
  page,
}) => {
  const type = new EventTypePage(page);
  await type.goto(TYPE);
  await expect(type.heading).toHaveText(TYPE);

  await type.register(registered);
  await expect(type.registerDialog).toBeHidden();
  await expect(page.getByText("Registered as version 3")).toBeVisible();
  await expect(type.versionRow(3)).toContainText("registered");

  // amount back to a number: data written with v3 (strings) cannot be read under BACKWARD.
  const incompatible = {
    ...registered,
    properties: { ...registered.properties, amount: { type: "number" } },
  };
  await type.register(incompatible);
  const refusal = type.registerDialog.getByRole("alert");
  await expect(refusal).toContainText("Refused");
  await expect(refusal.getByRole("list", { name: "Breaking changes" })).toContainText(
    "field amount changed type string → number",
  );
  // The text is kept for another try, and nothing new was registered.
  await expect(type.registerDialog.getByRole("textbox", { name: "JSON Schema" })).toHaveValue(/"number"/);
  await type.registerDialog.getByRole("button", { name: "Cancel" }).click();
  expect((await versions(page)).map((v) => v.version)).toEqual([1, 2, 3]);
});

test("import AsyncAPI: each message registered or refused with its reason; export the type", async ({
  page,
}) => {
  const imported = `E2eImported.${suffix}`;
  // YAML, one message new to the catalog and one that breaks TYPE's registered v3 (amount is a string there).
  const doc = [
    "asyncapi: 3.0.0",
    "info: { title: e2e shop, version: 1.0.0 }",
    "channels:",
    "  orders:",
    "    address: orders",
    "    messages:",
    "      Imported:",
    `        name: "${imported}"`,
    "        payload: { type: object, properties: { id: { type: string } } }",
    "      Existing:",
    `        name: "${TYPE}"`,
    "        payload: { type: object, properties: { amount: { type: number } } }",
  ].join("\n");
  const list = new CatalogListPage(page);
  await list.goto();
  await page.getByRole("button", { name: "Import AsyncAPI" }).click();
  const dialog = page.getByRole("dialog", { name: "Import AsyncAPI" });
  await dialog.getByRole("textbox", { name: "Document" }).fill(doc);
  await dialog.getByRole("button", { name: "Import", exact: true }).click();

  const result = page.getByRole("dialog", { name: "AsyncAPI imported" });
  await expect(result.getByRole("list", { name: "Registered" })).toContainText(`${imported}version 1`);
  const refused = result.getByRole("list", { name: "Refused" });
  await expect(refused).toContainText(TYPE);
  await expect(refused.getByRole("list", { name: `Breaking changes of ${TYPE}` })).toContainText(
    "field amount changed type string → number",
  );
  await result.getByRole("button", { name: "Done" }).click();

  // Export: the type's AsyncAPI document names it and carries its registered schema.
  const type = new EventTypePage(page);
  await type.goto(TYPE);
  await page.getByRole("button", { name: "Export type" }).click();
  const yamlLink = page.getByRole("link", { name: /AsyncAPI \(YAML\)/ });
  const href = await yamlLink.getAttribute("href");
  expect(href).toContain(`type=${encodeURIComponent(TYPE).replaceAll("%20", "+")}`);
  const res = await page.request.get(href!);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-disposition"]).toMatch(/attachment/);
  const text = await res.text();
  expect(text).toContain("asyncapi: 3.0.0");
  expect(text).toContain(TYPE);
});

test("the details are edited in place and show in the list", async ({ page }) => {
  const type = new EventTypePage(page);
  await type.goto(TYPE);
  await type.editDetails.click();
  const form = page.getByRole("form", { name: `Details of ${TYPE}` });
  await form.getByRole("textbox", { name: "Description" }).fill("An order was placed at checkout.");
  await form.getByRole("textbox", { name: "Owner" }).fill("team-checkout");
  await form.getByRole("textbox", { name: "Tags" }).fill("orders, e2e, orders");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form).toBeHidden();
  await expect(page.getByText("An order was placed at checkout.")).toBeVisible();

  const list = new CatalogListPage(page);
  await list.goto(`?owner=team-checkout&tag=e2e`);
  await expect(list.row(TYPE)).toContainText("An order was placed at checkout.");
  await expect(list.table.getByRole("link")).toHaveCount(1);
});

test("an unknown type has a proper not-found page", async ({ page }) => {
  await page.goto(`/catalog/${encodeURIComponent(`NoSuchType.${suffix}`)}`);
  await expect(page.getByText("No such event type")).toBeVisible();
  await expect(page.getByRole("link", { name: "Back to the catalog" })).toBeVisible();
});

test("a viewer reads the catalog but sees no edit, register or import control", async ({
  browser,
  baseURL,
  page,
}) => {
  const viewer = await joinAsViewer(browser, baseURL!, page, `cat-${suffix}`);
  const list = new CatalogListPage(viewer);
  await list.goto(`?q=${suffix}`);
  await expect(list.rowLink(TYPE)).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Import AsyncAPI" })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: "Export" })).toBeVisible();

  const type = new EventTypePage(viewer);
  await type.goto(TYPE);
  await expect(type.heading).toHaveText(TYPE);
  await expect(type.versionRow(3)).toBeVisible();
  await expect(type.registerButton).toHaveCount(0);
  await expect(type.editDetails).toHaveCount(0);
  await expect(viewer.getByRole("combobox", { name: "Compatibility" })).toHaveCount(0);
  await expect(viewer.getByText("Compatibility: Backward")).toBeVisible();

  // What the hidden button would send, sent by hand from the viewer's page: refused.
  const status = await viewer.evaluate(async (name) => {
    const res = await fetch(`/api/v1/event-types/${encodeURIComponent(name)}/schemas`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ schema: { type: "object" } }),
    });
    return res.status;
  }, TYPE);
  expect(status).toBe(403);
  await viewer.context().close();
});
