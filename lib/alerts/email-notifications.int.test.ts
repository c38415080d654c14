// Email contact points end to end on real Postgres with a real SMTP server (smtp-server) on a random
// localhost port that requires a password: rules fire and resolve through the real evaluation cycle
// over ingested traffic, the outbox is sent by the real sender (the one path webhooks take), and
// contact points are managed through their routes. SMTP_URL/SMTP_FROM are set per test through the
// env module (each test file runs in its own process).
import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { POST as testCpRoute } from "@/app/api/v1/contact-points/[id]/test/route";
import { GET as getCpRoute, PUT as putCpRoute } from "@/app/api/v1/contact-points/[id]/route";
import { GET as listCpRoute, POST as createCpRoute } from "@/app/api/v1/contact-points/route";
import { smtpReceiver } from "@/lib/alerts/email-receiver";
import {
  absentRule,
  createContactPoint,
  cycle,
  ingestEvents,
  send,
} from "@/lib/alerts/notification-receiver";
import { pool } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/env";
import { sessionOf } from "@/lib/testing/auth-callers";
import { call, makeUser, type Caller } from "@/lib/testing/http-client";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";

const MIN = 60_000;
const T0 = Math.floor((Date.now() - 90 * MIN) / MIN) * MIN;
const USER = "alerts";
const PASS = "p@ss:" + randomBytes(8).toString("hex"); // URL-escaped in SMTP_URL
const FROM = "Eventscope <alerts@eventscope.test>";
const APP = "https://eventscope.example.com";
const tag = () => randomBytes(4).toString("hex");

let db: TestDatabase;
let admin: Caller;
let smtp: Awaited<ReturnType<typeof smtpReceiver>>;
beforeAll(async () => {
  db = await createTestDatabase();
  admin = await sessionOf(await makeUser("admin"));
  smtp = await smtpReceiver(USER, PASS);
});
afterAll(async () => {
  useSmtp(null);
  await smtp.close();
  await db.drop();
});
afterEach(async () => {
  smtp.state.refuseRecipients = false;
  useSmtp(smtp.port);
  // Every contact point gets every rule's notifications: each test starts with none, and no rule.
  await pool().query("DELETE FROM contact_points");
  await pool().query("DELETE FROM alert_rules");
});

/** Points SMTP_URL at `port` on localhost (with the receiver's user and password), or unsets SMTP. */
function useSmtp(port: number | null, pass = PASS) {
  if (port === null) {
    delete process.env.SMTP_URL;
    delete process.env.SMTP_FROM;
    delete process.env.PUBLIC_URL;
  } else {
    process.env.SMTP_URL = `smtp://${USER}:${encodeURIComponent(pass)}@127.0.0.1:${port}`;
    process.env.SMTP_FROM = FROM;
    process.env.PUBLIC_URL = APP;
  }
  resetEnvForTests();
}

const emailPoint = (to: string[]) => createContactPoint(admin, { kind: "email", to });

/** An absent rule with a severity and a runbook, as the emails show them. */
async function mailRule(type: string): Promise<{ id: string; name: string }> {
  const fields = { severity: "critical", runbookUrl: "https://runbooks.example.com/absent" };
  return { id: await absentRule(type, fields), name: `absent ${type}` };
}

describe("email contact points", () => {
  it("are refused on kind while SMTP is not configured, and validate their recipients", async () => {
    useSmtp(null);
    const post = (body: unknown) =>
      call(createCpRoute, "/api/v1/contact-points", admin, { method: "POST", body });
    const details = (r: { body: Record<string, unknown> }) => (r.body.error as { details: unknown }).details;
    const emailAvailable = async () =>
      (await call(listCpRoute, "/api/v1/contact-points", admin)).body.emailAvailable;
    expect(await emailAvailable()).toBe(false);
    let r = await post({ name: "mail", kind: "email", to: ["ops@example.com"] });
    expect(r.status).toBe(400);
    expect(details(r)).toEqual([
      {
        path: "kind",
        message: expect.stringMatching(/^SMTP is not configured \(set SMTP_URL and SMTP_FROM\)/),
      },
    ]);

    useSmtp(smtp.port);
    expect(await emailAvailable()).toBe(true);
    r = await post({ name: "mail", kind: "email" });
    expect(details(r)).toEqual([{ path: "to", message: "an email contact point needs recipients" }]);
    r = await post({ name: "mail", kind: "email", to: ["ops@example.com", "not an address"] });
    expect(details(r)).toEqual([{ path: "to.1", message: "must be an email address" }]);
    r = await post({ name: "mail", kind: "email", to: Array.from({ length: 21 }, (_, i) => `a${i}@x.com`) });
    expect(details(r)).toEqual([{ path: "to", message: "at most 20 addresses" }]);
    r = await post({ name: "mail", kind: "email", to: ["a@example.com", "A@example.com"] });
    expect(details(r)).toEqual([{ path: "to", message: "must not repeat an address" }]);
    r = await post({ name: "mail", kind: "email", to: ["a@example.com"], url: "https://example.com/hook" });
    expect(details(r)).toEqual([{ path: "url", message: "email contact points have no url" }]);
    r = await post({ name: "mail", kind: "webhook", url: "https://example.com/h", to: ["a@example.com"] });
    expect(details(r)).toEqual([{ path: "to", message: "only email contact points have recipients" }]);
    expect((await pool().query("SELECT 1 FROM contact_points")).rowCount).toBe(0);

    const id = await emailPoint(["ops@example.com", "oncall@example.com"]);
    const one = await call(getCpRoute, `/api/v1/contact-points/${id}`, admin, { params: { id } });
    expect(one.body).toMatchObject({
      kind: "email",
      to: ["ops@example.com", "oncall@example.com"],
      urlHint: null,
    });
    // A replace sends the recipients again; an email contact point has no url to keep for a webhook.
    const put = (body: unknown) =>
      call(putCpRoute, `/api/v1/contact-points/${id}`, admin, { method: "PUT", params: { id }, body });
    r = await put({ name: "mail", kind: "email", to: ["new@example.com"] });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ kind: "email", to: ["new@example.com"] });
    r = await put({ name: "mail", kind: "webhook" });
    expect(details(r)).toEqual([{ path: "url", message: "a webhook contact point needs a url" }]);
    r = await put({ name: "mail", kind: "webhook", url: "https://example.com/h" });
    expect(r.body).toMatchObject({ kind: "webhook", to: null, urlHint: "https://example.com/…" });
  });

  it("sends exactly one firing and one resolved email per episode, signed in to SMTP", async () => {
    await emailPoint(["ops@example.com", "oncall@example.com"]);
    const type = `Mail${tag()}`;
    const rule = await mailRule(type);
    const at = T0;
    await cycle(at);
    await send();
    await cycle(at + MIN); // still firing: nothing new
    await send();
    await ingestEvents(type, at + 1.5 * MIN, 3);
    await cycle(at + 2 * MIN); // resolved
    await send();
    await cycle(at + 3 * MIN);
    await send();

    const got = smtp.about(rule.name);
    expect(got.map((m) => m.headers.subject)).toEqual([
      `[FIRING:1] ${rule.name} (critical)`,
      `[RESOLVED] ${rule.name} (critical)`,
    ]);
    for (const m of got) {
      expect(m).toMatchObject({
        user: USER,
        from: "alerts@eventscope.test",
        to: ["ops@example.com", "oncall@example.com"],
      });
      expect(m.headers["x-eventscope-notification"]).toMatch(/^\d+$/);
      expect(m.body).toContain("https://runbooks.example.com/absent");
      expect(m.body).toContain(`${APP}/alerts/${rule.id}`); // the rule's page
      expect(m.body).toContain(`scope type ${type} · value `);
    }
    expect(got[0]!.body).toContain(`0 events on type ${type} in the last 5 min`); // the summary with its value
    expect(got[1]!.body).toMatch(/resolved: /);
    const { rows } = await pool().query<{ status: string; attempts: number; response_code: number }>(
      `SELECT n.status, n.attempts, a.response_code FROM alert_notifications n
         JOIN notification_attempts a ON a.notification_id = n.id WHERE n.rule_id = $1 ORDER BY n.id`,
      [rule.id],
    );
    expect(rows).toEqual([
      { status: "sent", attempts: 1, response_code: 250 },
      { status: "sent", attempts: 1, response_code: 250 },
    ]);
  });

  it("a failing SMTP (recipient refused, then a closed port) is retried with every attempt recorded", async () => {
    await emailPoint(["ops@example.com"]);
    const rule = await mailRule(`MailFlaky${tag()}`);
    await cycle(T0 + 10 * MIN);
    const backoff = { baseMs: 30_000 };
    const now = Date.now();

    smtp.state.refuseRecipients = true;
    expect(await send({ nowMs: now, backoff })).toMatchObject({ sent: 0, retrying: 1 });
    smtp.state.refuseRecipients = false;
    const closed = await smtpReceiver(USER, PASS); // a port that was open and no longer is
    await closed.close();
    useSmtp(closed.port);
    expect(await send({ nowMs: now + 10_000, backoff })).toMatchObject({ sent: 0, retrying: 0 }); // backing off
    expect(await send({ nowMs: now + 31_000, backoff })).toMatchObject({ sent: 0, retrying: 1 });
    useSmtp(smtp.port);
    expect(await send({ nowMs: now + 200_000, backoff })).toMatchObject({ sent: 1, retrying: 0 });

    expect(smtp.about(rule.name)).toHaveLength(1);
    const { rows } = await pool().query<{
      ok: boolean;
      response_code: number | null;
      error: string | null;
      status: string;
      attempts: number;
    }>(
      `SELECT a.ok, a.response_code, a.error, n.status, n.attempts
         FROM notification_attempts a JOIN alert_notifications n ON n.id = a.notification_id
        WHERE n.rule_id = $1 ORDER BY a.id`,
      [rule.id],
    );
    expect(rows).toEqual([
      {
        ok: false,
        response_code: 550,
        error: expect.stringMatching(/^SMTP: .*550/),
        status: "sent",
        attempts: 3,
      },
      {
        ok: false,
        response_code: null,
        error: expect.stringMatching(/ECONNREFUSED/),
        status: "sent",
        attempts: 3,
      },
      { ok: true, response_code: 250, error: null, status: "sent", attempts: 3 },
    ]);
  });

  it("a wrong SMTP password fails the attempt without the password in what is recorded", async () => {
    const wrong = "wrong-" + randomBytes(8).toString("hex");
    useSmtp(smtp.port, wrong);
    const id = await emailPoint(["ops@example.com"]);
    const res = await call(testCpRoute, `/api/v1/contact-points/${id}/test`, admin, {
      method: "POST",
      params: { id },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: false, responseCode: 535, error: expect.stringMatching(/^SMTP: /) });
    const { rows } = await pool().query<{ t: string }>(
      `SELECT concat_ws(' ', (SELECT string_agg(coalesce(error, ''), ' ') FROM notification_attempts),
                             (SELECT string_agg(coalesce(last_error, ''), ' ') FROM alert_notifications),
                             (SELECT string_agg(details::text, ' ') FROM audit_log)) AS t`,
    );
    expect(rows[0]!.t).toContain("535");
    expect(rows[0]!.t).not.toContain(wrong);
    expect(JSON.stringify(res.body)).not.toContain(wrong);
  });

  it("sends a test notification by email", async () => {
    const id = await emailPoint(["ops@example.com"]);
    const res = await call(testCpRoute, `/api/v1/contact-points/${id}/test`, admin, {
      method: "POST",
      params: { id },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, responseCode: 250, error: null });
    const got = smtp.about("Eventscope test notification");
    expect(got).toHaveLength(1);
    expect(got[0]!.headers["x-eventscope-notification"]).toBe(res.body.notificationId);
    expect(got[0]!.body).toContain("This is a test notification from Eventscope.");
  });
});
