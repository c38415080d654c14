// Alert notifications end to end on real Postgres with a real HTTP receiver on localhost: rules
// fire and resolve through the real evaluation cycle over ingested traffic (the cycle's clock is a
// parameter, as in evaluate-rules.int.test.ts), the outbox is sent by the real sender, and contact
// points and silences are managed through their routes. All contact points get every rule's
// notifications, so each test reads only its own rule's requests and deletes its contact point.
import { createHmac, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE as deleteCpRoute } from "@/app/api/v1/contact-points/[id]/route";
import { GET as logRoute } from "@/app/api/v1/contact-points/notifications/route";
import { PUT as putSilenceRoute } from "@/app/api/v1/silences/[id]/route";
import { GET as listSilencesRoute, POST as createSilenceRoute } from "@/app/api/v1/silences/route";
import { deleteRule } from "@/lib/alerts/manage-rules";
import { sendDueNotifications } from "@/lib/alerts/send-notifications";
import { pool } from "@/lib/db/client";
import { sessionOf } from "@/lib/testing/auth-callers";
import { call, makeUser, type Caller } from "@/lib/testing/http-client";
import { createTestDatabase, type TestDatabase } from "@/lib/testing/test-db";
import {
  absentRule,
  createContactPoint,
  cycle,
  ingestEvents,
  receiver,
  send,
  type Received,
} from "@/lib/alerts/notification-receiver";
import { startAlertNotifier } from "@/server/alert-notifier";

const MIN = 60_000;
const T0 = Math.floor((Date.now() - 90 * MIN) / MIN) * MIN;
const SECRET = "whsec-" + randomBytes(12).toString("hex");

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

const tag = () => randomBytes(4).toString("hex");

function contactPoint(body: Record<string, unknown>): Promise<string> {
  return createContactPoint(admin, body);
}
/** The end of a test: its rule and contact point go, so later cycles and sends are its own. */
async function cleanUp(rule: string, cp: string, rx: { close: () => Promise<void> }) {
  await deleteRule(rule);
  await dropContactPoint(cp);
  await rx.close();
}
const dropContactPoint = async (id: string) =>
  expect(
    (await call(deleteCpRoute, `/api/v1/contact-points/${id}`, admin, { method: "DELETE", params: { id } }))
      .status,
  ).toBe(204);

const kinds = (rs: Received[]) => rs.map((r) => r.body.kind);
const stateOf = async (ruleId: string) =>
  (
    await pool().query<{ state: string }>("SELECT state FROM alert_instances WHERE rule_id = $1", [ruleId])
  ).rows.map((r) => r.state);

describe("alert notifications", () => {
  it("a webhook gets exactly one firing and one resolved notification per episode, signed", async () => {
    const rx = await receiver();
    const cp = await contactPoint({ url: rx.url, secret: SECRET });
    const type = `Episode${tag()}`;
    const id = await absentRule(type, { labels: { team: "orders" } });
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

    const got = rx.of(id);
    expect(kinds(got)).toEqual(["firing", "resolved"]);
    expect(got[0]!.body).toMatchObject({
      version: 1,
      status: "firing",
      rule: { id, name: `absent ${type}`, severity: "warning", labels: { team: "orders" } },
      alerts: [
        { scopeKey: expect.any(String), state: "firing", value: 0, summary: expect.stringContaining(type) },
      ],
    });
    expect(got[1]!.body).toMatchObject({ status: "resolved", alerts: [{ state: "resolved" }] });
    for (const r of got) {
      const expected = "sha256=" + createHmac("sha256", SECRET).update(r.raw).digest("hex");
      expect(r.headers["x-eventscope-signature"]).toBe(expected);
      expect(r.headers["x-eventscope-notification"]).toBe(r.body.id);
    }
    await cleanUp(id, cp, rx);
  });

  it("repeats a firing rule's notification every repeat interval, grouped per rule", async () => {
    const rx = await receiver();
    const cp = await contactPoint({ url: rx.url });
    const id = await absentRule(`Repeat${tag()}`);
    const at = T0 + 10 * MIN;
    for (let m = 0; m <= 4; m++) {
      await cycle(at + m * MIN, 2 * MIN);
      await send();
    }
    expect(kinds(rx.of(id))).toEqual(["firing", "repeat", "repeat"]); // at 0, 2 and 4 minutes
    expect(rx.of(id)[0]!.headers["x-eventscope-signature"]).toBeUndefined(); // no secret, no signature
    await cleanUp(id, cp, rx);
  });

  it("a failing receiver (500, then 200) is retried after its backoff, and every attempt is recorded", async () => {
    const rx = await receiver([500]);
    const cp = await contactPoint({ url: rx.url });
    const id = await absentRule(`Flaky${tag()}`);
    await cycle(T0 + 20 * MIN);
    const now = Date.now();
    const backoff = { baseMs: 30_000 };
    expect(await send({ nowMs: now, backoff })).toEqual({ sent: 0, failed: 0, retrying: 1, silenced: 0 });
    expect(await send({ nowMs: now + 10_000, backoff })).toEqual({
      sent: 0,
      failed: 0,
      retrying: 0,
      silenced: 0,
    });
    expect(await send({ nowMs: now + 31_000, backoff })).toEqual({
      sent: 1,
      failed: 0,
      retrying: 0,
      silenced: 0,
    });

    expect(kinds(rx.of(id))).toEqual(["firing", "firing"]);
    expect(rx.of(id)[0]!.body.id).toBe(rx.of(id)[1]!.body.id); // one notification, two attempts
    const { rows } = await pool().query<{
      ok: boolean;
      response_code: number;
      error: string | null;
      duration_ms: number;
      status: string;
      attempts: number;
    }>(
      `SELECT a.ok, a.response_code, a.error, a.duration_ms, n.status, n.attempts
         FROM notification_attempts a JOIN alert_notifications n ON n.id = a.notification_id
        WHERE n.rule_id = $1 ORDER BY a.id`,
      [id],
    );
    expect(rows).toMatchObject([
      { ok: false, response_code: 500, error: "HTTP 500: boom", status: "sent", attempts: 2 },
      { ok: true, response_code: 200, error: null },
    ]);
    expect(rows[0]!.duration_ms).toBeGreaterThanOrEqual(0);
    const log = await call(logRoute, `/api/v1/contact-points/notifications?ruleId=${id}`, viewer);
    expect(log.status).toBe(200);
    expect(log.body).toMatchObject({
      notifications: [
        {
          ruleId: id,
          contactPointId: cp,
          kind: "firing",
          status: "sent",
          attempts: 2,
          scopes: [expect.any(String)],
          log: [
            { ok: false, responseCode: 500, error: "HTTP 500: boom" },
            { ok: true, responseCode: 200, error: null },
          ],
        },
      ],
      nextBefore: null,
    });
    await cleanUp(id, cp, rx);
  });

  it("keeps a rule's notifications in order: a resolved waits while its firing is retried", async () => {
    const rx = await receiver([500]);
    const cp = await contactPoint({ url: rx.url });
    const type = `Ordered${tag()}`;
    const id = await absentRule(type);
    const at = T0 + 25 * MIN;
    const backoff = { baseMs: 30_000 };
    const now = Date.now();
    await cycle(at);
    expect((await send({ nowMs: now, backoff })).retrying).toBe(1);
    await ingestEvents(type, at + 0.5 * MIN, 2);
    await cycle(at + MIN); // resolved: due now, but its firing is still waiting for a retry
    expect(await send({ nowMs: now + 1000, backoff })).toEqual({
      sent: 0,
      failed: 0,
      retrying: 0,
      silenced: 0,
    });
    await send({ nowMs: now + 31_000, backoff }); // the firing goes
    await send({ nowMs: now + 31_000, backoff }); // then the resolved
    expect(kinds(rx.of(id))).toEqual(["firing", "firing", "resolved"]);
    await cleanUp(id, cp, rx);
  });

  it("a firing rule that is deleted is notified as resolved", async () => {
    const rx = await receiver();
    const cp = await contactPoint({ url: rx.url });
    const id = await absentRule(`Deleted${tag()}`);
    await cycle(T0 + 27 * MIN);
    await deleteRule(id);
    await send();
    expect(kinds(rx.of(id))).toEqual(["firing", "resolved"]);
    expect(rx.of(id)[1]!.body).toMatchObject({
      status: "resolved",
      alerts: [{ state: "resolved", summary: expect.stringMatching(/the rule was deleted$/) }],
    });
    await dropContactPoint(cp);
    await rx.close();
  });

  it("a silence suppresses notifications but not state, and stops when it expires", async () => {
    const rx = await receiver();
    const cp = await contactPoint({ url: rx.url });
    const type = `Silenced${tag()}`;
    const id = await absentRule(type, { labels: { team: "payments" } });
    const endsAt = new Date(Date.now() + 10 * MIN);
    const res = await call(createSilenceRoute, "/api/v1/silences", operator, {
      method: "POST",
      body: {
        matchers: [{ label: "team", value: "payments" }],
        endsAt: endsAt.toISOString(),
        comment: "maintenance",
      },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      active: true,
      createdBy: expect.stringMatching(/^operator-/),
      comment: "maintenance",
    });

    const at = T0 + 30 * MIN;
    await cycle(at);
    expect(await stateOf(id)).toEqual(["firing"]); // state kept
    expect((await send()).silenced).toBe(1);
    expect(rx.of(id)).toEqual([]);

    await ingestEvents(type, at + 0.5 * MIN, 2);
    await cycle(at + MIN); // resolved, after the silence has ended
    await send({ nowMs: endsAt.getTime() + 1000 });
    expect(kinds(rx.of(id))).toEqual(["resolved"]);

    const listed = await call(listSilencesRoute, "/api/v1/silences", viewer);
    expect((listed.body.silences as { id: string }[]).map((s) => s.id)).toContain(res.body.id);
    await cleanUp(id, cp, rx);
  });

  it("a silence on another scope or an ended silence does not suppress", async () => {
    const rx = await receiver();
    const cp = await contactPoint({ url: rx.url });
    const id = await absentRule(`Loud${tag()}`);
    const other = await call(createSilenceRoute, "/api/v1/silences", operator, {
      method: "POST",
      body: {
        ruleId: id,
        scopeKey: "type:SomethingElse",
        endsAt: new Date(Date.now() + MIN * 10).toISOString(),
        comment: "not this one",
      },
    });
    expect(other.status).toBe(201);
    const ended = await call(createSilenceRoute, "/api/v1/silences", operator, {
      method: "POST",
      body: { ruleId: id, endsAt: new Date(Date.now() + MIN * 10).toISOString(), comment: "ends early" },
    });
    const sid = ended.body.id as string;
    const end = await call(putSilenceRoute, `/api/v1/silences/${sid}`, operator, {
      method: "PUT",
      params: { id: sid },
      body: {
        ruleId: id,
        startsAt: new Date(Date.now() - 2 * MIN).toISOString(),
        endsAt: new Date(Date.now() - MIN).toISOString(),
        comment: "ended",
      },
    });
    expect(end.status).toBe(200);
    expect(end.body.active).toBe(false);
    await cycle(T0 + 40 * MIN);
    await send();
    expect(kinds(rx.of(id))).toEqual(["firing"]);
    await cleanUp(id, cp, rx);
  });

  it("a restart mid-episode sends nothing twice; two senders at once send once", async () => {
    const rx = await receiver();
    const cp = await contactPoint({ url: rx.url });
    const type = `Restart${tag()}`;
    const id = await absentRule(type);
    const at = T0 + 50 * MIN;
    await cycle(at); // fired and enqueued; the process "dies" before sending
    const log = { info: () => {}, warn: () => {}, error: () => {} };
    let notifier = startAlertNotifier({ log, intervalMs: 3_600_000 }); // a new process: sends at start
    await notifier.stop();
    await cycle(at + MIN); // still firing
    notifier = startAlertNotifier({ log, intervalMs: 3_600_000 }); // and another restart
    await notifier.stop();
    await ingestEvents(type, at + 1.5 * MIN, 2);
    await cycle(at + 2 * MIN);
    await Promise.all([sendDueNotifications(), sendDueNotifications()]);
    expect(kinds(rx.of(id))).toEqual(["firing", "resolved"]);
    await cleanUp(id, cp, rx);
  });
});
