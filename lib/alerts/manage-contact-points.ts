// Contact points: create, list, replace, delete, each change audited in its own transaction. A
// webhook's signing secret is encrypted on the way in (lib/alerts/contact-point-secret.ts) and never
// read back out: views say only whether one is set. Views show a URL's origin only (`urlHint`): a
// Slack webhook URL, or a token in a query string, is a credential too. An email contact point keeps
// its recipients in config.to (shown) and is refused, on `kind`, while SMTP is not configured.
// Names are unique (409).
import type pg from "pg";
import { pool, withTransaction } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { Acting } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { encryptSecret } from "@/lib/alerts/contact-point-secret";
import { SMTP_NOT_CONFIGURED, smtpConfigured } from "@/lib/alerts/email-transport";
import type { ContactPointInput } from "@/lib/alerts/notification-schemas";

export type ContactPointView = {
  id: string;
  name: string;
  kind: string;
  /** "https://hooks.slack.com/…": the origin only. */
  urlHint: string | null;
  /** email: the recipients. */
  to: string[] | null;
  signed: boolean;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string | null;
};

type Row = Omit<ContactPointView, "urlHint"> & { url: string | null };

const COLUMNS = `id, name, kind, config->>'url' AS url, config->'to' AS "to", secret_enc IS NOT NULL AS signed, enabled,
  created_at AS "createdAt", updated_at AS "updatedAt", created_by_label AS "createdBy"`;

export function urlHint(url: string | null): string | null {
  if (!url) return null;
  try {
    return `${new URL(url).origin}/…`;
  } catch {
    return "…";
  }
}

function view({ url, ...r }: Row): ContactPointView {
  return { ...r, urlHint: urlHint(url) };
}

function nameClash(err: unknown, name: string): never {
  if ((err as { code?: string }).code === "23505")
    throw new AppError("conflict", `a contact point named ${JSON.stringify(name)} already exists`, {
      path: "name",
    });
  throw err;
}

export async function listContactPoints(): Promise<ContactPointView[]> {
  const { rows } = await pool().query<Row>(`SELECT ${COLUMNS} FROM contact_points ORDER BY name`);
  return rows.map(view);
}

export async function getContactPoint(id: string): Promise<ContactPointView> {
  const { rows } = await pool().query<Row>(`SELECT ${COLUMNS} FROM contact_points WHERE id = $1`, [id]);
  if (!rows[0]) throw new AppError("not_found", `no contact point with id ${id}`);
  return view(rows[0]);
}

async function audit(
  c: pg.PoolClient,
  acting: Acting,
  action: "alert.contact_point_created" | "alert.contact_point_changed" | "alert.contact_point_deleted",
  cp: Pick<Row, "id" | "name" | "kind" | "url">,
): Promise<void> {
  await recordAudit(
    {
      ...acting,
      action,
      target: `contact_point:${cp.id}`,
      details: { name: cp.name, kind: cp.kind, url: urlHint(cp.url) },
    },
    c,
  );
}

/** The field-level refusal of an email contact point while SMTP is not configured (same shape as zod's). */
function requireSmtp(input: ContactPointInput): void {
  if (input.kind === "email" && !smtpConfigured())
    throw new AppError("bad_request", `kind: ${SMTP_NOT_CONFIGURED}`, [
      { path: "kind", message: SMTP_NOT_CONFIGURED },
    ]);
}

/** What config holds: the url (webhook, slack) or the recipients (email); null keeps the stored one. */
function configOf(input: ContactPointInput): string | null {
  if (input.kind === "email") return JSON.stringify({ to: input.to });
  return input.url ? JSON.stringify({ url: input.url }) : null;
}

export async function createContactPoint(
  input: ContactPointInput,
  acting: Acting,
): Promise<ContactPointView> {
  requireSmtp(input);
  const secret = input.secret ? await encryptSecret(input.secret) : null;
  return withTransaction(async (c) => {
    try {
      const { rows } = await c.query<Row>(
        `INSERT INTO contact_points (id, name, kind, config, secret_enc, enabled, created_by_label)
         VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
        [input.name, input.kind, configOf(input), secret, input.enabled, acting.actor.label ?? null],
      );
      await audit(c, acting, "alert.contact_point_created", rows[0]!);
      return view(rows[0]!);
    } catch (err) {
      nameClash(err, input.name);
    }
  });
}

/** Replaces a contact point; an omitted url or secret keeps the stored one, `secret: null` removes it. */
export async function replaceContactPoint(
  id: string,
  input: ContactPointInput,
  acting: Acting,
): Promise<ContactPointView> {
  requireSmtp(input);
  const secret = input.secret ? await encryptSecret(input.secret) : null;
  return withTransaction(async (c) => {
    let rows: Row[];
    try {
      ({ rows } = await c.query<Row>(
        `UPDATE contact_points SET name = $2, kind = $3, enabled = $5, updated_at = now(),
                config = CASE WHEN $4::jsonb IS NULL THEN config ELSE $4::jsonb END,
                secret_enc = CASE WHEN $3 <> 'webhook' THEN NULL WHEN $6 THEN secret_enc ELSE $7 END
          WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, input.name, input.kind, configOf(input), input.enabled, input.secret === undefined, secret],
      ));
    } catch (err) {
      nameClash(err, input.name);
    }
    if (!rows[0]) throw new AppError("not_found", `no contact point with id ${id}`);
    // An email contact point turned into a webhook or slack one has no stored url to keep.
    if (!rows[0].url && input.kind !== "email")
      throw new AppError("bad_request", `url: a ${input.kind} contact point needs a url`, [
        { path: "url", message: `a ${input.kind} contact point needs a url` },
      ]);
    await audit(c, acting, "alert.contact_point_changed", rows[0]);
    return view(rows[0]);
  });
}

export async function deleteContactPoint(id: string, acting: Acting): Promise<void> {
  await withTransaction(async (c) => {
    const { rows } = await c.query<Row>(`DELETE FROM contact_points WHERE id = $1 RETURNING ${COLUMNS}`, [
      id,
    ]);
    if (!rows[0]) throw new AppError("not_found", `no contact point with id ${id}`);
    await audit(c, acting, "alert.contact_point_deleted", rows[0]);
  });
}
