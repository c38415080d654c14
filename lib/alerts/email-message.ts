// An email contact point's message: subject, plain text and HTML made from the same grouped
// notification payload the webhooks send (rule, severity, firing/resolved, each scope with its value
// and summary, the runbook and a link to the rule's page). Pure: no env, no I/O.
import type { NotificationPayload } from "@/lib/alerts/enqueue-notifications";
import { formatValue } from "@/lib/alerts/summary-template";

export type EmailMessage = { subject: string; text: string; html: string };

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

/** Only http(s) links are rendered as links: a stored runbook URL is validated, but never trusted in HTML. */
const safeHref = (u: string | null | undefined) => (u && /^https?:\/\//i.test(u) ? u : null);

/** The subject: "[FIRING:2] name (severity)", "[RESOLVED] name (severity)" or the test's. */
export function emailSubject(p: NotificationPayload): string {
  if (p.kind === "test") return "Eventscope test notification";
  const firing = p.alerts.filter((a) => a.state === "firing").length;
  const status = `${p.status.toUpperCase()}${firing ? `:${firing}` : ""}`;
  const repeat = p.kind === "repeat" ? " (still firing)" : "";
  // Header injection is nodemailer's to prevent too; a one-line subject reads better anyway.
  return `[${status}] ${p.rule?.name ?? ""} (${p.rule?.severity ?? ""})${repeat}`.replace(/\s+/g, " ");
}

/** `ruleUrl`: the rule's page in the app (absent when the app's address is unknown). */
export function renderEmail(p: NotificationPayload, o: { ruleUrl?: string | null } = {}): EmailMessage {
  const subject = emailSubject(p);
  const runbook = safeHref(p.rule?.runbookUrl);
  const ruleUrl = safeHref(o.ruleUrl);
  const rows = p.alerts.map((a) => ({
    state: a.state,
    scope: a.scope,
    value: a.value === null ? "no value" : formatValue(a.value),
    summary: a.summary,
    since: a.since,
  }));

  const text = [
    subject,
    "",
    ...rows.map(
      (r) => `- ${r.state}: ${r.summary}\n  scope ${r.scope} · value ${r.value} · since ${r.since}`,
    ),
    "",
    ...(runbook ? [`Runbook: ${runbook}`] : []),
    ...(ruleUrl ? [`Rule: ${ruleUrl}`] : []),
    "— Eventscope",
  ].join("\n");

  const cell = 'style="padding:4px 8px;border-bottom:1px solid #ddd;text-align:left"';
  const html = [
    `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#111">`,
    `<h2 style="font-size:16px">${esc(subject)}</h2>`,
    `<table style="border-collapse:collapse;font-size:14px"><thead><tr>`,
    ...["State", "Scope", "Value", "Summary", "Since"].map((h) => `<th ${cell}>${h}</th>`),
    `</tr></thead><tbody>`,
    ...rows.map(
      (r) =>
        `<tr>${[r.state, r.scope, r.value, r.summary, r.since].map((v) => `<td ${cell}>${esc(v)}</td>`).join("")}</tr>`,
    ),
    `</tbody></table>`,
    runbook ? `<p><a href="${esc(runbook)}">Runbook</a></p>` : "",
    ruleUrl ? `<p><a href="${esc(ruleUrl)}">Open the rule in Eventscope</a></p>` : "",
    `</body></html>`,
  ].join("");

  return { subject, text, html };
}
