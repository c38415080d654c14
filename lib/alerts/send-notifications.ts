// The notification outbox's send side. One sender across instances: a session advisory lock on a
// dedicated connection (a crash drops the connection and with it the lock). Due notifications are
// sent oldest first; silences are checked now, at send time (silenced scopes are left out; with
// none left the notification is recorded as silenced). Every attempt is recorded; a failure is
// retried with exponential backoff until MAX_ATTEMPTS, then the notification is marked failed.
// Contact points are sent to side by side, each one's notifications in order. Each outcome is
// committed as soon as it is known, so only a notification in flight at a crash can be sent again
// (receivers can drop it by its X-Eventscope-Notification id, a header of the HTTP request or the email).
// (Not "server-only": server/main.ts runs it.)
import { createHmac } from "node:crypto";
import type { Acting } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { pool, withTransaction } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { decryptSecret } from "@/lib/alerts/contact-point-secret";
import { renderEmail } from "@/lib/alerts/email-message";
import { rulePageUrl, sendEmail } from "@/lib/alerts/email-transport";
import { env } from "@/lib/env";
import { currentAppOrigins } from "@/lib/http/app-origins";
import type { NotificationKind, NotificationPayload } from "@/lib/alerts/enqueue-notifications";
import type { Queryable } from "@/lib/alerts/scopes";
import { activeSilences, isSilenced } from "@/lib/alerts/silences";

/** pg_advisory_lock key of the notification sender ("esnt"). */
export const ALERT_NOTIFIER_LOCK = 0x65736e74;
export const MAX_ATTEMPTS = 8;
export const SEND_TIMEOUT_MS = 10_000;
const SEND_CONCURRENCY = 8;
const BACKOFF_MAX_MS = 15 * 60_000;

export type Backoff = { baseMs: number; maxMs?: number };
export const DEFAULT_BACKOFF: Backoff = { baseMs: 5_000, maxMs: BACKOFF_MAX_MS };

/** The wait after the n-th failed attempt (n ≥ 1): base · 2^(n−1), capped. */
export function backoffMs(attempts: number, b: Backoff = DEFAULT_BACKOFF): number {
  return Math.min(b.baseMs * 2 ** Math.max(0, attempts - 1), b.maxMs ?? BACKOFF_MAX_MS);
}

/** A contact point as the sender needs it: `url` for webhook and slack, `to` for email. */
export type Target = { kind: string; url: string | null; to: string[] | null; secretEnc: string | null };
export type AttemptResult = {
  ok: boolean;
  responseCode: number | null;
  error: string | null;
  durationMs: number;
};

function slackBody(p: NotificationPayload): object {
  const firing = p.alerts.filter((a) => a.state === "firing").length;
  const title =
    p.kind === "test"
      ? "Eventscope test notification"
      : `[${p.status.toUpperCase()}${firing ? `:${firing}` : ""}] ${p.rule?.name ?? ""} (${p.rule?.severity ?? ""})`;
  const lines = p.alerts.map((a) => `• ${a.state === "resolved" ? "resolved: " : ""}${a.summary}`);
  const text = [title, ...lines].join("\n");
  const blocks: object[] = [{ type: "section", text: { type: "mrkdwn", text: `*${title}*` } }];
  if (lines.length)
    blocks.push({ type: "section", text: { type: "mrkdwn", text: lines.join("\n").slice(0, 2900) } });
  if (p.rule?.runbookUrl)
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `<${p.rule.runbookUrl}|Runbook>` }] });
  return { text, blocks };
}

/** One delivery attempt of `payload` (notification `id`) to a contact point. */
export async function deliver(
  id: string,
  target: Target,
  payload: NotificationPayload,
): Promise<AttemptResult> {
  const started = performance.now();
  const done = (r: Omit<AttemptResult, "durationMs">): AttemptResult => ({
    ...r,
    durationMs: Math.round(performance.now() - started),
  });
  try {
    if (target.kind === "email") {
      const origin = env().PUBLIC_URL ?? currentAppOrigins().find((o) => !o.includes("*"));
      const message = renderEmail(payload, { ruleUrl: rulePageUrl(payload.rule?.id, origin) });
      return done(await sendEmail(target.to ?? [], message, id, SEND_TIMEOUT_MS));
    }
    if (!target.url) throw new Error("the contact point has no url");
    const body = JSON.stringify(target.kind === "slack" ? slackBody(payload) : { id, ...payload });
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "user-agent": "Eventscope",
      "x-eventscope-notification": id,
    };
    if (target.kind === "webhook" && target.secretEnc)
      headers["x-eventscope-signature"] =
        "sha256=" +
        createHmac("sha256", await decryptSecret(target.secretEnc))
          .update(body)
          .digest("hex");
    const res = await fetch(target.url, {
      method: "POST",
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
    const text = await res.text().catch(() => "");
    if (res.status >= 200 && res.status < 300)
      return done({ ok: true, responseCode: res.status, error: null });
    return done({
      ok: false,
      responseCode: res.status,
      error: `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ""}`,
    });
  } catch (err) {
    return done({ ok: false, responseCode: null, error: err instanceof Error ? err.message : String(err) });
  }
}

type Due = {
  id: string;
  rule_id: string | null;
  contact_point_id: string;
  kind: NotificationKind;
  payload: NotificationPayload;
  attempts: number;
  cp_kind: string;
  url: string | null;
  to: string[] | null;
  secret_enc: string | null;
};

export type SendRun =
  { sent: number; failed: number; retrying: number; silenced: number } | { skipped: "locked" };

export async function sendDueNotifications(
  o: { nowMs?: number; limit?: number; backoff?: Backoff } = {},
): Promise<SendRun> {
  const c = await pool().connect();
  try {
    const { rows: lock } = await c.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [
      ALERT_NOTIFIER_LOCK,
    ]);
    if (!lock[0]?.ok) return { skipped: "locked" };
    try {
      const now = new Date(o.nowMs ?? Date.now());
      const run = { sent: 0, failed: 0, retrying: 0, silenced: 0 };
      // In order per rule and contact point: a notification waits while an older one is retried, so
      // a receiver never sees a rule's "resolved" before its "firing".
      const { rows } = await c.query<Due>(
        `SELECT n.id::text, n.rule_id, n.contact_point_id, n.kind, n.payload, n.attempts, cp.kind AS cp_kind,
                cp.config->>'url' AS url, cp.config->'to' AS to, cp.secret_enc
           FROM alert_notifications n JOIN contact_points cp ON cp.id = n.contact_point_id
          WHERE n.status = 'pending' AND n.next_attempt_at <= $1
            AND NOT EXISTS (SELECT 1 FROM alert_notifications e
                             WHERE e.rule_id = n.rule_id AND e.contact_point_id = n.contact_point_id
                               AND e.status = 'pending' AND e.id < n.id)
          ORDER BY n.id LIMIT $2`,
        [now, o.limit ?? 200],
      );
      if (rows.length === 0) return run;
      const silences = await activeSilences(c, now);
      const outcome = async (n: Due): Promise<keyof typeof run> => {
        const labels = { ...(n.payload.rule?.labels ?? {}), alertname: n.payload.rule?.name ?? "" };
        const alerts = n.payload.alerts.filter(
          (a) => !n.rule_id || !isSilenced(silences, { ruleId: n.rule_id, scopeKey: a.scopeKey, labels }),
        );
        if (n.payload.alerts.length > 0 && alerts.length === 0) {
          await pool().query(
            "UPDATE alert_notifications SET status = 'silenced', finished_at = $2 WHERE id = $1",
            [n.id, now],
          );
          return "silenced";
        }
        const r = await deliver(
          n.id,
          { kind: n.cp_kind, url: n.url, to: n.to, secretEnc: n.secret_enc },
          { ...n.payload, alerts },
        );
        const attempts = n.attempts + 1;
        const status = r.ok ? "sent" : attempts >= MAX_ATTEMPTS ? "failed" : "pending";
        await withTransaction(async (t) => {
          await recordAttempt(t, n.id, now, r);
          await t.query(
            `UPDATE alert_notifications SET status = $2, attempts = $3, last_error = $4,
                    next_attempt_at = $5, finished_at = CASE WHEN $2 = 'pending' THEN NULL ELSE $6::timestamptz END
              WHERE id = $1`,
            [n.id, status, attempts, r.error, new Date(now.getTime() + backoffMs(attempts, o.backoff)), now],
          );
        });
        return status === "sent" ? "sent" : status === "failed" ? "failed" : "retrying";
      };
      // One contact point's notifications in order; contact points side by side (a slow or hanging
      // receiver delays only its own), at most SEND_CONCURRENCY at once.
      const byPoint = new Map<string, Due[]>();
      for (const n of rows) byPoint.set(n.contact_point_id, [...(byPoint.get(n.contact_point_id) ?? []), n]);
      const queues = [...byPoint.values()];
      const worker = async () => {
        for (let q = queues.shift(); q; q = queues.shift()) for (const n of q) run[await outcome(n)]++;
      };
      await Promise.all(Array.from({ length: Math.min(SEND_CONCURRENCY, queues.length) }, worker));
      return run;
    } finally {
      await c.query("SELECT pg_advisory_unlock($1)", [ALERT_NOTIFIER_LOCK]);
    }
  } finally {
    c.release();
  }
}

async function recordAttempt(c: Queryable, id: string, at: Date, r: AttemptResult): Promise<void> {
  await c.query(
    `INSERT INTO notification_attempts (notification_id, at, ok, response_code, error, duration_ms)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [id, at, r.ok, r.responseCode, r.error, r.durationMs],
  );
}

/** "Send test notification": one attempt now, recorded (kind "test", no retry) and audited. */
export async function sendTestNotification(
  contactPointId: string,
  acting: Acting,
): Promise<AttemptResult & { notificationId: string }> {
  const { rows } = await pool().query<{
    kind: string;
    url: string | null;
    to: string[] | null;
    secret_enc: string | null;
  }>("SELECT kind, config->>'url' AS url, config->'to' AS to, secret_enc FROM contact_points WHERE id = $1", [
    contactPointId,
  ]);
  const cp = rows[0];
  if (!cp) throw new AppError("not_found", `no contact point with id ${contactPointId}`);
  const payload: NotificationPayload = {
    version: 1,
    kind: "test",
    status: "firing",
    rule: null,
    alerts: [
      {
        scopeKey: "test",
        scope: "test",
        state: "firing",
        value: null,
        summary: "This is a test notification from Eventscope.",
        since: new Date().toISOString(),
      },
    ],
  };
  const now = new Date();
  const { rows: ins } = await pool().query<{ id: string }>(
    `INSERT INTO alert_notifications (contact_point_id, kind, payload, status, next_attempt_at, created_at)
     VALUES ($1, 'test', $2, 'sending', $3, $3) RETURNING id::text`,
    [contactPointId, JSON.stringify(payload), now],
  );
  const id = ins[0]!.id;
  const r = await deliver(id, { kind: cp.kind, url: cp.url, to: cp.to, secretEnc: cp.secret_enc }, payload);
  await withTransaction(async (c) => {
    await recordAttempt(c, id, now, r);
    await c.query(
      "UPDATE alert_notifications SET status = $2, attempts = 1, last_error = $3, finished_at = now() WHERE id = $1",
      [id, r.ok ? "sent" : "failed", r.error],
    );
    await recordAudit(
      {
        ...acting,
        action: "alert.contact_point_tested",
        target: `contact_point:${contactPointId}`,
        details: { ok: r.ok, responseCode: r.responseCode },
      },
      c,
    );
  });
  return { notificationId: id, ...r };
}
