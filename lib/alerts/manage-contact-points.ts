// Contact points: create, list, replace, delete. A webhook's signing secret is encrypted on the
// way in (lib/alerts/contact-point-secret.ts) and never read back out: views say only whether
// one is set. Names are unique (409 on a clash).
import { pool } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { encryptSecret } from "@/lib/alerts/contact-point-secret";
import type { ContactPointInput } from "@/lib/alerts/notification-schemas";

export type ContactPointView = {
  id: string;
  name: string;
  kind: string;
  url: string | null;
  signed: boolean;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string | null;
};

const VIEW = `id, name, kind, config->>'url' AS url, secret_enc IS NOT NULL AS signed, enabled,
  created_at AS "createdAt", updated_at AS "updatedAt", created_by_label AS "createdBy"`;

function nameClash(err: unknown, name: string): never {
  if ((err as { code?: string }).code === "23505")
    throw new AppError("conflict", `a contact point named ${JSON.stringify(name)} already exists`, {
      path: "name",
    });
  throw err;
}

export async function listContactPoints(): Promise<ContactPointView[]> {
  const { rows } = await pool().query<ContactPointView>(`SELECT ${VIEW} FROM contact_points ORDER BY name`);
  return rows;
}

export async function getContactPoint(id: string): Promise<ContactPointView> {
  const { rows } = await pool().query<ContactPointView>(`SELECT ${VIEW} FROM contact_points WHERE id = $1`, [
    id,
  ]);
  if (!rows[0]) throw new AppError("not_found", `no contact point with id ${id}`);
  return rows[0];
}

export async function createContactPoint(
  input: ContactPointInput,
  by: { label: string },
): Promise<ContactPointView> {
  const secret = input.secret ? await encryptSecret(input.secret) : null;
  try {
    const { rows } = await pool().query<ContactPointView>(
      `INSERT INTO contact_points (id, name, kind, config, secret_enc, enabled, created_by_label)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6) RETURNING ${VIEW}`,
      [input.name, input.kind, JSON.stringify({ url: input.url }), secret, input.enabled, by.label],
    );
    return rows[0]!;
  } catch (err) {
    nameClash(err, input.name);
  }
}

/** Replaces a contact point; an omitted secret keeps the stored one, null removes it. */
export async function replaceContactPoint(id: string, input: ContactPointInput): Promise<ContactPointView> {
  const keep = input.secret === undefined;
  const secret = input.secret ? await encryptSecret(input.secret) : null;
  let rows: ContactPointView[];
  try {
    ({ rows } = await pool().query<ContactPointView>(
      `UPDATE contact_points SET name = $2, kind = $3, config = $4, enabled = $5, updated_at = now(),
              secret_enc = CASE WHEN $6 AND $3 = 'webhook' THEN secret_enc ELSE $7 END
        WHERE id = $1 RETURNING ${VIEW}`,
      [id, input.name, input.kind, JSON.stringify({ url: input.url }), input.enabled, keep, secret],
    ));
  } catch (err) {
    nameClash(err, input.name);
  }
  if (!rows[0]) throw new AppError("not_found", `no contact point with id ${id}`);
  return rows[0];
}

export async function deleteContactPoint(id: string): Promise<void> {
  const { rowCount } = await pool().query("DELETE FROM contact_points WHERE id = $1", [id]);
  if (!rowCount) throw new AppError("not_found", `no contact point with id ${id}`);
}
