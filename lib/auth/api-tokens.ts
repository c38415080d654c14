// Personal API tokens: created by a signed-in person for scripts and integrations, limited to
// chosen permissions (never more than the owner's role allows at the time of use) and to an
// expiry. Shown once; only the SHA-256 is stored. Revocation takes effect on the next request and
// is announced to open live connections.
import { pool, withTransaction } from "@/lib/db/client";
import type { Acting } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { noteSeen } from "@/lib/auth/last-seen";
import { permissionsOf, type Permission } from "@/lib/auth/permissions";
import { announceAccessChange } from "@/lib/auth/revocations";
import { generateToken, hashToken } from "@/lib/auth/token-format";
import { AppError } from "@/lib/errors";
import type { ApiTokenInfo, CreateApiTokenInput } from "@/lib/auth/schemas";

export const MAX_TOKENS_PER_USER = 50;

type FoundToken = {
  id: string;
  userId: string;
  tokenPrefix: string;
  scopes: Permission[];
  expiresAt: Date | null;
  revokedAt: Date | null;
  email: string;
  name: string;
  role: string;
  userDisabledAt: Date | null;
};

/** The token row behind a plaintext token (by hash), with its owner; null when unknown. */
export async function findApiToken(token: string): Promise<FoundToken | null> {
  const { rows } = await pool().query<FoundToken>({
    name: "es_find_api_token",
    text: `SELECT t.id, t.user_id AS "userId", t.token_prefix AS "tokenPrefix", t.scopes,
                  t.expires_at AS "expiresAt", t.revoked_at AS "revokedAt",
                  u.email, u.name, u.role, u.disabled_at AS "userDisabledAt"
             FROM api_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = $1`,
    values: [hashToken(token)],
  });
  const found = rows[0] ?? null;
  if (found && !found.revokedAt) noteSeen("apiToken", found.id);
  return found;
}

const COLUMNS = `t.id, t.name, t.token_prefix AS "tokenPrefix", t.scopes, t.expires_at AS "expiresAt",
  t.last_used_at AS "lastUsedAt", t.revoked_at AS "revokedAt", t.created_at AS "createdAt",
  u.id AS "userId", u.email AS "userEmail"`;

/** Tokens of one user, or of everyone (admins), newest first; revoked ones stay listed. */
export async function listApiTokens(filter: { userId?: string }): Promise<ApiTokenInfo[]> {
  const { rows } = await pool().query<ApiTokenInfo>(
    `SELECT ${COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id
      WHERE ($1::uuid IS NULL OR t.user_id = $1::uuid)
      ORDER BY t.revoked_at IS NOT NULL, t.created_at DESC LIMIT 500`,
    [filter.userId ?? null],
  );
  return rows;
}

/** A new token for `owner` (the caller); the plaintext is in the result and nowhere else, ever. */
export async function createApiToken(
  owner: { userId: string; role: string },
  input: CreateApiTokenInput,
  acting: Acting,
): Promise<{ token: string; info: ApiTokenInfo }> {
  const allowed = new Set(permissionsOf(owner.role));
  const beyond = input.scopes.filter((s) => !allowed.has(s));
  if (beyond.length)
    throw new AppError(
      "forbidden",
      `your role cannot grant ${beyond.map((s) => `"${s}"`).join(", ")} to a token`,
    );
  const t = generateToken("personal");
  const expiresAt = new Date(Date.now() + input.expiresInDays * 86_400_000);
  const info = await withTransaction(async (c) => {
    // Serialises one user's creations, so the cap cannot be raced past.
    await c.query("SELECT 1 FROM users WHERE id = $1 FOR UPDATE", [owner.userId]);
    const { rows: count } = await c.query<{ n: number }>(
      "SELECT count(*) AS n FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL",
      [owner.userId],
    );
    if ((count[0]?.n ?? 0) >= MAX_TOKENS_PER_USER)
      throw new AppError(
        "conflict",
        `you already have ${MAX_TOKENS_PER_USER} active tokens; revoke one first`,
      );
    const { rows } = await c.query<{ id: string }>(
      `INSERT INTO api_tokens (id, user_id, name, token_hash, token_prefix, scopes, expires_at)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6) RETURNING id`,
      [owner.userId, input.name, t.hash, t.displayPrefix, input.scopes, expiresAt],
    );
    const id = rows[0]!.id;
    await recordAudit(
      {
        ...acting,
        action: "token.created",
        target: `token:${t.displayPrefix}`,
        details: { name: input.name, scopes: input.scopes, expiresAt: expiresAt.toISOString() },
      },
      c,
    );
    const { rows: created } = await c.query<ApiTokenInfo>(
      `SELECT ${COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = $1`,
      [id],
    );
    return created[0]!;
  });
  return { token: t.token, info };
}

/**
 * Revokes a token. `onlyOwner` limits it to that person's tokens (anyone revoking their own);
 * admins pass none. Revoking twice is a no-op that still answers with the token.
 */
export async function revokeApiToken(
  id: string,
  onlyOwner: string | null,
  acting: Acting,
): Promise<ApiTokenInfo> {
  const revoked = await withTransaction(async (c) => {
    const { rows } = await c.query<{ userId: string; tokenPrefix: string; revokedAt: Date | null }>(
      `SELECT user_id AS "userId", token_prefix AS "tokenPrefix", revoked_at AS "revokedAt"
         FROM api_tokens WHERE id = $1 FOR UPDATE`,
      [id],
    );
    const row = rows[0];
    if (!row || (onlyOwner && row.userId !== onlyOwner))
      throw new AppError("not_found", `no API token ${id}`);
    if (!row.revokedAt) {
      await c.query("UPDATE api_tokens SET revoked_at = now() WHERE id = $1", [id]);
      await recordAudit({ ...acting, action: "token.revoked", target: `token:${row.tokenPrefix}` }, c);
    }
    const { rows: after } = await c.query<ApiTokenInfo>(
      `SELECT ${COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = $1`,
      [id],
    );
    return after[0]!;
  });
  announceAccessChange({ userId: revoked.userId, why: "token revoked" });
  return revoked;
}
