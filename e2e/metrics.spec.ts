// The app's /metrics on the real server: a signed-in browser's live socket and the demo source's
// ingest show up in it, parsed as Prometheus text; a request through a proxy is refused.
import { expect, test } from "@/e2e/fixtures";

function sampleOf(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

test("/metrics counts the live browser, the demo's ingest and the jobs", async ({ page, request }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  let text = "";
  await expect
    .poll(
      async () => {
        const res = await request.get("/metrics");
        expect(res.status()).toBe(200);
        expect(res.headers()["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
        text = await res.text();
        return sampleOf(text, 'eventscope_socket_clients{namespace="/live"}') ?? 0;
      },
      { message: "the overview's /live socket counted", timeout: 30_000 },
    )
    .toBeGreaterThanOrEqual(1);
  // Every sample line is `name{labels} value` with a number.
  for (const line of text.split("\n").filter((l) => l !== "" && !l.startsWith("#")))
    expect(line).toMatch(/^[a-zA-Z_:][\w:]*(\{.*\})? -?(\d|NaN|\+Inf)/);
  expect(sampleOf(text, 'eventscope_ingest_items_total{route="ingest",outcome="stored"}')).toBeGreaterThan(0);
  expect(sampleOf(text, 'eventscope_ingest_batches_total{route="ingest"}')).toBeGreaterThan(0);
  expect(sampleOf(text, 'eventscope_ingest_write_seconds_count{route="ingest"}')).toBeGreaterThan(0);
  expect(sampleOf(text, "eventscope_ingest_in_flight_limit")).toBeGreaterThanOrEqual(1);
  expect(
    sampleOf(text, 'eventscope_job_duration_seconds_count{job="partition_maintenance",outcome="ok"}'),
  ).toBeGreaterThanOrEqual(1);
  expect(text).toContain("# TYPE eventscope_ingest_refused_total counter");
});

test("/metrics refuses a request that came through a proxy", async ({ request }) => {
  const res = await request.get("/metrics", { headers: { "x-forwarded-for": "203.0.113.9" } });
  expect(res.status()).toBe(403);
  expect(await res.text()).toMatch(/loopback clients only; set METRICS_TOKEN/);
});
