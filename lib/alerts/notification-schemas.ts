// Contracts of contact points and silences (zod), shared by the routes and their tests. Every
// refusal names its field.
import { z } from "zod";
import { isStorableText } from "@/lib/ingest/postgres-text";

const text = (max: number) =>
  z
    .string({ error: "must be a string" })
    .trim()
    .min(1, "must not be empty")
    .max(max, `must be at most ${max} characters`)
    .refine(isStorableText, "must not contain NUL characters or lone surrogates");

const httpUrl = z
  .string({ error: "must be a URL" })
  .url("must be a URL")
  .refine((u) => /^https?:\/\//i.test(u), "must be an http:// or https:// URL")
  .refine((u) => u.length <= 2000, "must be at most 2000 characters");

export const MAX_EMAIL_RECIPIENTS = 20;

const contactPointFields = z
  .object({
    name: text(200),
    kind: z.enum(["webhook", "slack", "email"], { error: 'must be "webhook", "slack" or "email"' }),
    url: httpUrl.optional(),
    /** webhook only: signs each body (HMAC-SHA256). Omitted on replace: kept; null: removed. */
    secret: z
      .string({ error: "must be a string" })
      .min(16, "must be at least 16 characters")
      .max(500, "must be at most 500 characters")
      .nullable()
      .optional(),
    /** email only: the recipients (shown in views: an address is not a credential). */
    to: z
      .array(z.string({ error: "must be a string" }).trim().email("must be an email address"), {
        error: "must be an array of email addresses",
      })
      .min(1, "needs at least one address")
      .max(MAX_EMAIL_RECIPIENTS, `at most ${MAX_EMAIL_RECIPIENTS} addresses`)
      .refine((a) => new Set(a.map((x) => x.toLowerCase())).size === a.length, "must not repeat an address")
      .optional(),
    enabled: z.boolean({ error: "must be true or false" }).default(true),
  })
  .strict();

/**
 * A contact point's body. On replace (`keepUrl`), an omitted url keeps the stored one: views never
 * show a full URL (a Slack webhook URL is itself a credential), so an edit need not resend it. An
 * email contact point's recipients are always sent. Whether SMTP is configured is the server's to
 * say (lib/alerts/manage-contact-points.ts), so this contract holds in a browser too.
 */
function contactPointSchema(keepUrl: boolean) {
  return contactPointFields.superRefine((c, ctx) => {
    if (c.kind === "email") {
      if (!c.to)
        ctx.addIssue({ code: "custom", path: ["to"], message: "an email contact point needs recipients" });
      if (c.url) ctx.addIssue({ code: "custom", path: ["url"], message: "email contact points have no url" });
    } else if (c.to)
      ctx.addIssue({ code: "custom", path: ["to"], message: "only email contact points have recipients" });
    if (c.kind !== "email" && !c.url && !keepUrl)
      ctx.addIssue({ code: "custom", path: ["url"], message: `a ${c.kind} contact point needs a url` });
    if (c.kind !== "webhook" && c.secret)
      ctx.addIssue({
        code: "custom",
        path: ["secret"],
        message: "only webhook contact points sign their bodies",
      });
  });
}

export const contactPointInputSchema = contactPointSchema(false);
export const contactPointReplaceSchema = contactPointSchema(true);
export type ContactPointInput = z.output<typeof contactPointInputSchema>;

export const matcherSchema = z
  .object({
    label: z
      .string({ error: "must be a string" })
      .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, "label names are letters, digits and _ (not first)"),
    value: text(300),
  })
  .strict();

const instant = z.iso
  .datetime({ offset: true, error: "must be an ISO 8601 date-time" })
  .transform((s) => new Date(s));

export const silenceInputSchema = z
  .object({
    ruleId: z.string({ error: "must be a string" }).uuid("must be a rule id").optional(),
    scopeKey: text(600).optional(),
    matchers: z
      .array(matcherSchema, { error: "must be an array of { label, value }" })
      .max(20, "at most 20 matchers")
      .default([]),
    startsAt: instant.optional(),
    endsAt: instant,
    comment: text(1000),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (!s.ruleId && !s.scopeKey && s.matchers.length === 0)
      ctx.addIssue({
        code: "custom",
        path: ["matchers"],
        message: "a silence needs a ruleId, a scopeKey or at least one matcher",
      });
    if (s.startsAt && s.endsAt <= s.startsAt)
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "must be after startsAt" });
  });
export type SilenceInput = z.output<typeof silenceInputSchema>;
