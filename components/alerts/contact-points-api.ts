// The Contact points page's calls to /api/v1/contact-points, and the kinds of contact point as the
// form knows them: one entry per kind in CONTACT_POINT_KINDS (its label, explanation and fields), so
// a new kind is one more entry. Secrets are write-only: the API never returns a URL in full
// nor a signing secret, so the edit form leaves them empty, and empty means "keep".
import { apiFetch } from "@/lib/http/api-client";

export type ContactPoint = {
  id: string;
  name: string;
  kind: string;
  urlHint: string | null;
  signed: boolean;
  /** email: the recipients (an address is not a credential, so views show them). */
  to: string[] | null;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
};

export type TestResult = {
  notificationId: string;
  ok: boolean;
  responseCode: number | null;
  error: string | null;
  durationMs: number;
};

/** A kind's setting, as the API names it (`url`, `secret`, `to`…). */
export type KindField = {
  name: string;
  label: string;
  type: "url" | "password" | "email" | "text";
  placeholder?: string;
  hint: string;
  /** Needed to create one; on edit, an empty value keeps the stored one. */
  required: boolean;
  /** Several values (email recipients): typed separated by commas or spaces, sent as an array. */
  list?: true;
  /** A non-secret field's stored value, to start the edit form from. */
  initial?: (cp: ContactPoint) => string;
  /** Never shown back (a credential): the edit form says whether one is set, and may remove it. */
  secret?: { isSet: (cp: ContactPoint) => boolean; removeLabel?: string };
};

export type KindSpec = {
  label: string;
  explain: string;
  fields: KindField[];
  /** Offered only when the server can send it (email: SMTP configured). */
  needs?: { available: (caps: ContactPointCaps) => boolean; missing: string };
};

/** What the server can send, from GET /api/v1/contact-points. */
export type ContactPointCaps = { emailAvailable: boolean };

const URL_FIELD = {
  name: "url",
  label: "URL",
  type: "url",
  required: true,
  // A Slack webhook URL (or a token in a query string) is itself a credential.
  secret: { isSet: (cp: ContactPoint) => cp.urlHint !== null },
} satisfies Partial<KindField>;

export const CONTACT_POINT_KINDS: Record<string, KindSpec> = {
  webhook: {
    label: "Webhook",
    explain: "POSTs the documented JSON body to your URL; optionally signed with HMAC-SHA256.",
    fields: [
      { ...URL_FIELD, placeholder: "https://ops.example.com/hooks/eventscope", hint: "http:// or https://." },
      {
        name: "secret",
        label: "Signing secret",
        type: "password",
        required: false,
        placeholder: "at least 16 characters",
        hint: "Optional. Each body is signed (X-Eventscope-Signature header) so your receiver can check it.",
        secret: { isSet: (cp) => cp.signed, removeLabel: "Remove the signing secret (stop signing)" },
      },
    ],
  },
  slack: {
    label: "Slack-compatible webhook",
    explain: "Posts a message to a Slack (or Mattermost, Rocket.Chat…) incoming webhook.",
    fields: [
      {
        ...URL_FIELD,
        placeholder: "https://hooks.slack.com/services/…",
        hint: "The incoming webhook's URL, from the chat app's integration settings.",
      },
    ],
  },
  email: {
    label: "Email",
    explain: "Sends an email through the server's SMTP relay (SMTP_URL, SMTP_FROM).",
    needs: {
      available: (caps) => caps.emailAvailable,
      missing: "SMTP is not configured on the server (set SMTP_URL and SMTP_FROM).",
    },
    fields: [
      {
        name: "to",
        label: "Recipients",
        type: "text",
        list: true,
        required: true,
        placeholder: "oncall@example.com, team@example.com",
        hint: "Up to 20 addresses, separated by commas or spaces.",
        initial: (cp) => cp.to?.join(", ") ?? "",
      },
    ],
  },
};

/** A list field's text as the API wants it: the addresses, in order, without blanks. */
export function splitList(text: string): string[] {
  return text.split(/[\s,;]+/).filter((x) => x !== "");
}

export function kindLabel(kind: string): string {
  return CONTACT_POINT_KINDS[kind]?.label ?? kind;
}

export const contactPointKeys = {
  all: ["contact-points"] as const,
};

export function fetchContactPoints(signal: AbortSignal) {
  return apiFetch<{ contactPoints: ContactPoint[] } & ContactPointCaps>("/api/v1/contact-points", { signal });
}

export type ContactPointBody = { name: string; kind: string; enabled: boolean } & Record<
  string,
  string | string[] | boolean | null
>;

export function saveContactPoint(id: string | null, body: ContactPointBody) {
  return id
    ? apiFetch<ContactPoint>(`/api/v1/contact-points/${encodeURIComponent(id)}`, { method: "PUT", body })
    : apiFetch<ContactPoint>("/api/v1/contact-points", { method: "POST", body });
}

export function deleteContactPoint(id: string) {
  return apiFetch<void>(`/api/v1/contact-points/${encodeURIComponent(id)}`, { method: "DELETE" });
}

export function testContactPoint(id: string) {
  return apiFetch<TestResult>(`/api/v1/contact-points/${encodeURIComponent(id)}/test`, { method: "POST" });
}

/** A test's outcome in words: "Delivered · HTTP 204 · 31 ms", "Failed · HTTP 500 · …". */
export function testResultWords(r: Pick<TestResult, "ok" | "responseCode" | "error" | "durationMs">): string {
  return [
    r.ok ? "Delivered" : "Failed",
    r.responseCode !== null ? `HTTP ${r.responseCode}` : null,
    `${Math.round(r.durationMs)} ms`,
    r.ok ? null : r.error,
  ]
    .filter((x): x is string => x !== null && x !== "")
    .join(" · ");
}
