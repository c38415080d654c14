// The Users page's read model: everyone, with whether they can sign in, an outstanding invitation,
// their last sign-in and open sessions.
import { pool } from "@/lib/db/client";
import { DEMO_USER_EMAIL } from "@/lib/auth/demo-sign-in";
import type { UserRow } from "@/lib/users/schemas";

export async function listUsers(): Promise<UserRow[]> {
  const { rows } = await pool().query<UserRow>(
    `SELECT u.id, u.email, u.name, u.role, u.disabled_at AS "disabledAt", u.created_at AS "createdAt",
            EXISTS (SELECT 1 FROM accounts a WHERE a.user_id = u.id) AS "canSignIn",
            (SELECT max(v.expires_at) FROM verifications v
              WHERE v.identifier = 'invite:' || u.id::text AND v.expires_at > now()) AS "inviteExpiresAt",
            (SELECT max(l.at) FROM audit_log l WHERE l.action = 'auth.sign_in' AND l.actor_id = u.id::text) AS "lastSignInAt",
            (SELECT count(*) FROM sessions s WHERE s.user_id = u.id AND s.expires_at > now()) AS "activeSessions"
       FROM users u
      WHERE u.email <> $1
      ORDER BY u.disabled_at IS NOT NULL, lower(u.name), u.email`,
    [DEMO_USER_EMAIL],
  );
  return rows;
}
