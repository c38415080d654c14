// Sending an email contact point's message over SMTP (nodemailer), configured by SMTP_URL and
// SMTP_FROM. One connection per message (alerts are few; no pool to keep healthy). The SMTP
// password lives only in the transport's options: it is never logged (nodemailer's logger stays
// off) and errors are recorded by their SMTP reply, which does not carry it.
// (Not "server-only": server/main.ts runs the sender.)
import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { env } from "@/lib/env";
import type { EmailMessage } from "@/lib/alerts/email-message";

export const SMTP_NOT_CONFIGURED =
  "SMTP is not configured (set SMTP_URL and SMTP_FROM): email contact points are not available";

/** Whether email contact points can be created and sent to. */
export function smtpConfigured(): boolean {
  const e = env();
  return Boolean(e.SMTP_URL && e.SMTP_FROM);
}

/** The rule's page, under PUBLIC_URL when set (the only address mail readers can be sure to reach). */
export function rulePageUrl(ruleId: string | undefined, origin: string | undefined): string | null {
  return ruleId && origin ? `${origin.replace(/\/$/, "")}/alerts/${encodeURIComponent(ruleId)}` : null;
}

function transportOptions(smtpUrl: string, timeoutMs: number): SMTPTransport.Options {
  const u = new URL(smtpUrl);
  const secure = u.protocol === "smtps:";
  return {
    host: u.hostname.replace(/^\[|\]$/g, ""),
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    auth: u.username
      ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) }
      : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    logger: false,
    debug: false,
  };
}

export type EmailResult = { ok: boolean; responseCode: number | null; error: string | null };

/** One SMTP send of `message` to `to`; `id` goes in an X-Eventscope-Notification header (receivers can dedupe on it). */
export async function sendEmail(
  to: readonly string[],
  message: EmailMessage,
  id: string,
  timeoutMs: number,
): Promise<EmailResult> {
  const e = env();
  if (!e.SMTP_URL || !e.SMTP_FROM) return { ok: false, responseCode: null, error: SMTP_NOT_CONFIGURED };
  if (to.length === 0) return { ok: false, responseCode: null, error: "the contact point has no recipients" };
  let transport: ReturnType<typeof nodemailer.createTransport> | undefined;
  try {
    transport = nodemailer.createTransport(transportOptions(e.SMTP_URL, timeoutMs));
    const info = await transport.sendMail({
      from: e.SMTP_FROM,
      to: [...to],
      subject: message.subject,
      text: message.text,
      html: message.html,
      headers: { "X-Eventscope-Notification": id },
    });
    // Recipients the server refused fail the attempt: someone would miss the alert.
    if (info.rejected.length > 0)
      return { ok: false, responseCode: null, error: `SMTP refused ${info.rejected.length} recipient(s)` };
    return { ok: true, responseCode: Number(/^\d{3}/.exec(info.response)?.[0]) || null, error: null };
  } catch (err) {
    const smtp = err as { responseCode?: number; response?: string; code?: string; message?: string };
    // The SMTP reply says what went wrong; the message may quote the command sent, so prefer the reply.
    const why = smtp.response ?? smtp.message ?? String(err);
    return {
      ok: false,
      responseCode: smtp.responseCode ?? null,
      error: `SMTP: ${smtp.code ? `${smtp.code} ` : ""}${why}`.slice(0, 500),
    };
  } finally {
    transport?.close();
  }
}
