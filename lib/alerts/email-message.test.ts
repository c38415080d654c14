// The email rendering of a grouped notification: subject per status, every alert in text and HTML,
// text from rules and scopes escaped in the HTML, and only http(s) links.
import { describe, expect, it } from "vitest";
import type { NotificationPayload } from "@/lib/alerts/enqueue-notifications";
import { renderEmail } from "@/lib/alerts/email-message";

const payload = (over: Partial<NotificationPayload> = {}): NotificationPayload => ({
  version: 1,
  kind: "firing",
  status: "firing",
  rule: { id: "r1", name: "orders <slow>", severity: "critical", labels: {}, runbookUrl: "https://wiki/rb" },
  alerts: [
    {
      scopeKey: "type:A",
      scope: "type A",
      state: "firing",
      value: 912.4,
      summary: "p99 <b>912</b>",
      since: "t1",
    },
    {
      scopeKey: "type:B",
      scope: "type B",
      state: "resolved",
      value: null,
      summary: "fine again",
      since: "t2",
    },
  ],
  ...over,
});

describe("renderEmail", () => {
  it("says the status, counts what fires and lists every alert", () => {
    const m = renderEmail(payload(), { ruleUrl: "https://app.example.com/alerts/r1" });
    expect(m.subject).toBe("[FIRING:1] orders <slow> (critical)");
    expect(m.text).toContain("- firing: p99 <b>912</b>\n  scope type A · value 912 · since t1");
    expect(m.text).toContain("- resolved: fine again\n  scope type B · value no value");
    expect(m.text).toContain("Runbook: https://wiki/rb\nRule: https://app.example.com/alerts/r1");
    expect(m.html).toContain("orders &lt;slow&gt;");
    expect(m.html).toContain("p99 &lt;b&gt;912&lt;/b&gt;");
    expect(m.html).not.toContain("<b>912");
    expect(m.html).toContain('<a href="https://app.example.com/alerts/r1">');
  });

  it("names resolved, repeat and test notifications in the subject", () => {
    expect(renderEmail(payload({ status: "resolved", kind: "resolved", alerts: [] })).subject).toBe(
      "[RESOLVED] orders <slow> (critical)",
    );
    expect(renderEmail(payload({ kind: "repeat" })).subject).toBe(
      "[FIRING:1] orders <slow> (critical) (still firing)",
    );
    expect(renderEmail(payload({ kind: "test", rule: null })).subject).toBe("Eventscope test notification");
  });

  it("links only http(s) URLs", () => {
    const rule = { ...payload().rule!, runbookUrl: "javascript:alert(1)" };
    const m = renderEmail(payload({ rule }), { ruleUrl: null });
    expect(m.html).not.toContain("javascript:");
    expect(m.text).not.toContain("Runbook:");
    expect(m.html).not.toContain("Open the rule");
  });
});
