// A person's password: stored by the auth library's own scrypt hash in their "credential" account.
import type pg from "pg";
import { hashPassword } from "better-auth/crypto";

/** Sets (or replaces) the password of `userId`. */
export async function setPassword(client: pg.PoolClient, userId: string, password: string): Promise<void> {
  const hash = await hashPassword(password);
  await client.query(
    `INSERT INTO accounts (id, user_id, account_id, provider_id, password)
     VALUES (gen_random_uuid(), $1::uuid, $1::text, 'credential', $2)
     ON CONFLICT (provider_id, account_id) DO UPDATE SET password = EXCLUDED.password, updated_at = now()`,
    [userId, hash],
  );
}
