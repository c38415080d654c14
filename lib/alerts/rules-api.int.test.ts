// The alert rule API through its routes on real Postgres: create with defaults, field-level
// refusals that store nothing, unique names, versioned replace (If-Match) that restarts state,
// current alerts and history after a real evaluation cycle, delete, and YAML export → import.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as historyRoute } from "@/app/api/v1/alert-rules/[id]/history/route";
import { DELETE as deleteRoute, GET as getRoute, PUT as putRoute } from "@/app/api/v1/alert-rules/[id]/route";
import { GET as exportRoute } from "@/app/api/v1/alert-rules/export/route";
import { POST as importRoute } from "@/app/api/v1/alert-rules/import/route";
import { GET as listRoute, POST as createRoute } from "@/app/api/v1/alert-rules/route";
import { GET as alertsRoute } from "@/app/api/v1/alerts/route";
import { evaluateRules } from "@/lib/alerts/evaluate-rules";
import { pool } from "@/lib/db/client";
import { sessionOf } from "@/lib/testing/auth-callers";
import { call, makeUser, type Caller } from "@/lib/testing/http-client";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

let db: TestDatabase;
let admin: Caller;
let viewer: Caller;
beforeAll(async () => {
  db = await createTestDatabase();
  admin = await sessionOf(
    await makeUser("admin", { email: `admin-${randomBytes(3).toString("hex")}@example.com` }),
  );
  viewer = await sessionOf(await makeUser("viewer"));
});
afterAll(async () => db.drop());

const name = (p: string) => `${p} ${randomBytes(3).toString("hex")}`;
const quiet = (n: string) => ({
  name: n,
  kind: "throughput",
  scope: { kind: "event_type", type: "NothingFlows" },
  params: { condition: "absent" },
  window: "10m",
  summary: "nothing on {{scope}} for 10 min",
  labels: { team: "orders" },
});
const create = (body: unknown) => call(createRoute, "/api/v1/alert-rules", admin, { method: "POST", body });
const rows = async () =>
  (await pool().query<{ n: number }>("SELECT count(*)::int AS n FROM alert_rules")).rows[0]!.n;

describe("alert rules API", () => {
  it("creates a rule with its defaults, and viewers read it", async () => {
    const res = await create(quiet(name("quiet")));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: "throughput",
      window: 600,
      for: 0,
      severity: "warning",
      noData: "nodata",
      onError: "error",
      enabled: true,
      version: 1,
      state: null,
      instances: [],
      createdBy: expect.stringMatching(/^admin-/),
    });
    const list = await call(listRoute, "/api/v1/alert-rules", viewer);
    expect(list.status).toBe(200);
    expect((list.body.rules as { id: string }[]).map((r) => r.id)).toContain(res.body.id);
  });

  it("refuses an invalid rule with one message per field and stores nothing", async () => {
    const before = await rows();
    const res = await create({
      name: "bad",
      kind: "latency",
      scope: { kind: "planet", name: "mars" },
      params: { threshold: "fast" },
      window: "-5m",
      summary: "p99 {{valu}} ms",
    });
    expect(res.status).toBe(400);
    expect((res.body.error as { details: unknown }).details).toEqual(
      expect.arrayContaining([
        { path: "scope.kind", message: expect.stringMatching(/^unknown scope/) },
        { path: "params.threshold", message: "must be a number (milliseconds)" },
        { path: "window", message: "must not be negative" },
        { path: "summary", message: expect.stringMatching(/unknown variable \{\{valu\}\}/) },
      ]),
    );
    expect(await rows()).toBe(before);
  });

  it("keeps names unique (409) and refuses viewers (403)", async () => {
    const n = name("dup");
    expect((await create(quiet(n))).status).toBe(201);
    const again = await create(quiet(n));
    expect(again.status).toBe(409);
    expect((again.body.error as { message: string }).message).toMatch(/already exists/);
    const byViewer = await call(createRoute, "/api/v1/alert-rules", viewer, {
      method: "POST",
      body: quiet(name("v")),
    });
    expect(byViewer.status).toBe(403);
  });

  it("evaluates, lists the firing alert and its history, and restarts state on a versioned replace", async () => {
    const created = await create(quiet(name("history")));
    const id = created.body.id as string;
    await evaluateRules(Date.now());
    const alerts = await call(alertsRoute, "/api/v1/alerts?state=firing", viewer);
    expect(alerts.status).toBe(200);
    expect(alerts.body.alerts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          ruleId: id,
          state: "firing",
          scopeKey: "type:NothingFlows",
          value: 0,
          summary: "nothing on type NothingFlows for 10 min",
          labels: { team: "orders" },
        }),
      ]),
    );
    const one = await call(getRoute, `/api/v1/alert-rules/${id}`, viewer, { params: { id } });
    expect(one.body).toMatchObject({ state: "firing", value: 0 });
    const history = await call(historyRoute, `/api/v1/alert-rules/${id}/history?limit=1`, viewer, {
      params: { id },
    });
    expect(history.body).toMatchObject({
      transitions: [{ event: "firing", from: "normal", to: "firing", threshold: 1, ruleVersion: 1 }],
      nextBefore: null,
    });

    const body = { ...quiet(created.body.name as string), severity: "critical" };
    const put = (ifMatch: string) =>
      call(putRoute, `/api/v1/alert-rules/${id}`, admin, {
        method: "PUT",
        body,
        params: { id },
        headers: { "if-match": ifMatch },
      });
    const stale = await put('"7"');
    expect(stale.status).toBe(409);
    expect((stale.body.error as { message: string }).message).toMatch(/now version 1, not 7/);
    const ok = await put('"1"');
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ version: 2, severity: "critical", state: null, instances: [] });
    expect((await put("soon")).status).toBe(400);
  });

  it("deletes a rule (204, then 404) and answers 404 for ids that are not rules", async () => {
    const id = (await create(quiet(name("gone")))).body.id as string;
    const del = await call(deleteRoute, `/api/v1/alert-rules/${id}`, admin, {
      method: "DELETE",
      params: { id },
    });
    expect(del.status).toBe(204);
    expect((await call(getRoute, `/api/v1/alert-rules/${id}`, viewer, { params: { id } })).status).toBe(404);
    expect(
      (await call(getRoute, "/api/v1/alert-rules/nope", viewer, { params: { id: "nope" } })).status,
    ).toBe(404);
  });

  it("exports YAML that imports back: unchanged, updated, created, pruned — and a bad document changes nothing", async () => {
    const exported = await call(exportRoute, "/api/v1/alert-rules/export", viewer);
    expect(exported.status).toBe(200);
    const yaml = exported.body.text as string;
    expect(yaml).toMatch(/^kind: eventscope\/alert-rules\nrules:\n/);
    const post = (doc: string, query = "") =>
      call(importRoute, `/api/v1/alert-rules/import${query}`, admin, {
        method: "POST",
        body: doc,
        headers: { "content-type": "application/yaml" },
      });
    const same = await post(yaml);
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ created: [], updated: [], deleted: [] });
    const count = await rows();
    expect((same.body.unchanged as string[]).length).toBe(count);

    const firstName = /- name: (.+)\n/.exec(yaml)![1]!;
    const edited = `${yaml.replace("window: 600", "window: 1200")}  - name: brand new
    kind: collector_down
    scope: { kind: all }
`;
    const changed = await post(edited, "?prune=1");
    expect(changed.status).toBe(200);
    expect(changed.body.created).toEqual(["brand new"]);
    expect(changed.body.updated as string[]).toContain(firstName);
    expect(changed.body.deleted).toEqual([]);

    const bad = `kind: eventscope/alert-rules
rules:
  - name: fine
    kind: collector_down
    scope: { kind: all }
  - name: broken
    kind: latency
    scope: { kind: all }
    params: { threshold: -3 }
`;
    const before = await rows();
    const refused = await post(bad, "?prune=1");
    expect(refused.status).toBe(400);
    expect((refused.body.error as { details: unknown }).details).toEqual([
      { path: "rules.1.params.threshold", message: "must be more than 0 ms" },
    ]);
    expect(await rows()).toBe(before);

    const pruned = await post(bad.replace("threshold: -3", "threshold: 3"), "?prune=1");
    expect(pruned.body).toMatchObject({ created: ["fine", "broken"] });
    expect(await rows()).toBe(2);
  });
});
