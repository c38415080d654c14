// Contact points and silences through their routes on real Postgres with a real localhost
// receiver: secrets and full URLs never shown, edits keep them, test notifications (webhook and
// Slack) recorded and audited, field-level refusals that store nothing, and who may do what.
import { createHmac, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DELETE as deleteCpRoute,
  GET as getCpRoute,
  PUT as putCpRoute,
} from "@/app/api/v1/contact-points/[id]/route";
import { POST as testCpRoute } from "@/app/api/v1/contact-points/[id]/test/route";
import { GET as listCpRoute, POST as createCpRoute } from "@/app/api/v1/contact-points/route";
import { POST as createSilenceRoute } from "@/app/api/v1/silences/route";
import { receiver, createContactPoint } from "@/lib/alerts/notification-receiver";
import { pool } from "@/lib/db/client";
import { sessionOf } from "@/lib/testing/auth-callers";
import { call, makeUser, type Caller } from "@/lib/testing/http-client";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

const MIN = 60_000;
const SECRET = "whsec-" + randomBytes(12).toString("hex");
const tag = () => randomBytes(4).toString("hex");

let db: TestDatabase;
let admin: Caller;
let operator: Caller;
let viewer: Caller;
beforeAll(async () => {
  db = await createTestDatabase();
  admin = await sessionOf(await makeUser("admin"));
  operator = await sessionOf(await makeUser("operator"));
  viewer = await sessionOf(await makeUser("viewer"));
});
afterAll(async () => db.drop());

function contactPoint(body: Record<string, unknown>): Promise<string> {
  return createContactPoint(admin, body);
}
const dropContactPoint = async (id: string) =>
  expect(
    (await call(deleteCpRoute, `/api/v1/contact-points/${id}`, admin, { method: "DELETE", params: { id } }))
      .status,
  ).toBe(204);

describe("contact points API", () => {
  it("never returns the signing secret, and sends a recorded test notification", async () => {
    const rx = await receiver();
    const id = await contactPoint({ url: rx.url, secret: SECRET });
    const one = await call(getCpRoute, `/api/v1/contact-points/${id}`, viewer, { params: { id } });
    expect(one.body).toMatchObject({
      id,
      kind: "webhook",
      urlHint: `${new URL(rx.url).origin}/…`, // a URL can be a credential: its origin only
      signed: true,
      enabled: true,
    });
    const list = await call(listCpRoute, "/api/v1/contact-points", viewer);
    expect(JSON.stringify([one.body, list.body])).not.toContain(SECRET);
    expect(JSON.stringify([one.body, list.body])).not.toContain("/hook");
    // A rename without url or secret keeps both.
    const renamed = await call(putCpRoute, `/api/v1/contact-points/${id}`, admin, {
      method: "PUT",
      params: { id },
      body: { name: `renamed ${tag()}`, kind: "webhook" },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.signed).toBe(true);
    const stored = await pool().query<{ secret_enc: string }>(
      "SELECT secret_enc FROM contact_points WHERE id = $1",
      [id],
    );
    expect(stored.rows[0]!.secret_enc).not.toContain(SECRET);

    const res = await call(testCpRoute, `/api/v1/contact-points/${id}/test`, admin, {
      method: "POST",
      params: { id },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, responseCode: 200, error: null });
    const got = rx.requests.filter((r) => r.body.kind === "test");
    expect(got).toHaveLength(1);
    expect(got[0]!.headers["x-eventscope-signature"]).toBe(
      "sha256=" + createHmac("sha256", SECRET).update(got[0]!.raw).digest("hex"),
    );
    const attempts = await pool().query("SELECT 1 FROM notification_attempts WHERE notification_id = $1", [
      res.body.notificationId,
    ]);
    expect(attempts.rowCount).toBe(1);
    const audit = await pool().query<{ action: string; details: unknown }>(
      "SELECT action, details FROM audit_log WHERE target = $1 ORDER BY id",
      [`contact_point:${id}`],
    );
    expect(audit.rows.map((a) => a.action)).toEqual([
      "alert.contact_point_created",
      "alert.contact_point_changed",
      "alert.contact_point_tested",
    ]);
    expect(JSON.stringify(audit.rows)).not.toContain(SECRET);
    await dropContactPoint(id);
    await rx.close();
  });

  it("a Slack contact point gets text and blocks", async () => {
    const rx = await receiver();
    const res = await call(createCpRoute, "/api/v1/contact-points", admin, {
      method: "POST",
      body: { name: `slack ${tag()}`, kind: "slack", url: rx.url },
    });
    const id = res.body.id as string;
    const sent = await call(testCpRoute, `/api/v1/contact-points/${id}/test`, admin, {
      method: "POST",
      params: { id },
    });
    expect(sent.body.ok).toBe(true);
    expect(rx.requests[0]!.body).toMatchObject({
      text: expect.stringContaining("test notification"),
      blocks: expect.arrayContaining([expect.objectContaining({ type: "section" })]),
    });
    await dropContactPoint(id);
    await rx.close();
  });

  it("refuses invalid contact points and silences field by field, storing nothing", async () => {
    const count = async () =>
      (
        await pool().query<{ n: number }>(
          "SELECT (SELECT count(*) FROM contact_points) + (SELECT count(*) FROM silences) AS n",
        )
      ).rows[0]!.n;
    const before = await count();
    const post = (body: unknown) =>
      call(createCpRoute, "/api/v1/contact-points", admin, { method: "POST", body });
    const details = (r: { body: Record<string, unknown> }) => (r.body.error as { details: unknown }).details;

    let r = await post({ name: "mail", kind: "email", to: ["ops@example.com"] });
    expect(r.status).toBe(400);
    expect(details(r)).toEqual([{ path: "kind", message: expect.stringMatching(/^SMTP is not configured/) }]);
    r = await post({ name: "", kind: "pager", url: "ftp://x", secret: "short" });
    expect(details(r)).toEqual(
      expect.arrayContaining([
        { path: "name", message: "must not be empty" },
        { path: "kind", message: 'must be "webhook", "slack" or "email"' },
        { path: "secret", message: "must be at least 16 characters" },
      ]),
    );
    r = await post({ name: "no url", kind: "webhook" });
    expect(details(r)).toEqual([{ path: "url", message: "a webhook contact point needs a url" }]);
    r = await post({ name: "bad url", kind: "slack", url: "ftp://example.com", secret: SECRET });
    expect(details(r)).toEqual(
      expect.arrayContaining([
        { path: "url", message: "must be an http:// or https:// URL" },
        { path: "secret", message: "only webhook contact points sign their bodies" },
      ]),
    );

    const silence = (body: unknown) =>
      call(createSilenceRoute, "/api/v1/silences", operator, { method: "POST", body });
    r = await silence({ endsAt: "tomorrow", comment: "" });
    expect(details(r)).toEqual(
      expect.arrayContaining([
        { path: "endsAt", message: "must be an ISO 8601 date-time" },
        { path: "comment", message: "must not be empty" },
      ]),
    );
    r = await silence({ startsAt: "2030-01-02T00:00:00Z", endsAt: "2030-01-01T00:00:00Z", comment: "x" });
    expect(details(r)).toEqual(
      expect.arrayContaining([
        { path: "matchers", message: "a silence needs a ruleId, a scopeKey or at least one matcher" },
        { path: "endsAt", message: "must be after startsAt" },
      ]),
    );
    r = await silence({
      ruleId: "00000000-0000-4000-8000-000000000000",
      endsAt: "2030-01-01T00:00:00Z",
      comment: "x",
    });
    expect(r.status).toBe(400);
    expect(details(r)).toEqual([{ path: "ruleId", message: "no alert rule with this id" }]);
    expect(await count()).toBe(before);
  });

  it("only admins manage contact points; operators silence, viewers do not", async () => {
    const body = { name: `x ${tag()}`, kind: "webhook", url: "http://127.0.0.1:9/x" };
    expect(
      (await call(createCpRoute, "/api/v1/contact-points", operator, { method: "POST", body })).status,
    ).toBe(403);
    const s = {
      matchers: [{ label: "team", value: "x" }],
      endsAt: new Date(Date.now() + MIN).toISOString(),
      comment: "c",
    };
    expect(
      (await call(createSilenceRoute, "/api/v1/silences", viewer, { method: "POST", body: s })).status,
    ).toBe(403);
    expect(
      (await call(createSilenceRoute, "/api/v1/silences", operator, { method: "POST", body: s })).status,
    ).toBe(201);
  });
});
