// Invitations: an admin creates a person (email, name, role) and gets a one-time link to hand over;
// the invitee opens it and chooses a password. The same link, issued again for someone who has a
// password, resets it (and signs them out everywhere). Links last 7 days; only their SHA-256 is
// stored (in verifications, identifier "invite:<user id>"); issuing a new one voids the old.
import { randomBytes } from "node:crypto";
import type pg from "pg";
import { withTransaction } from "@/lib/db/client";
import type { Acting } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { announceAccessChange } from "@/lib/auth/revocations";
import { hashToken } from "@/lib/auth/token-format";
import { AppError } from "@/lib/errors";
import { setPassword } from "@/lib/users/credentials";
import type { AcceptInviteInput, InviteUserInput } from "@/lib/users/schemas";

export const INVITE_DAYS = 7;
const PREFIX = "invite:";

export type Invitation = { userId: string; path: string; expiresAt: Date };

async function issue(c: pg.PoolClient, userId: string): Promise<Invitation> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(Date.now() + INVITE_DAYS * 86_400_000);
  await c.query("DELETE FROM verifications WHERE identifier = $1", [PREFIX + userId]);
  await c.query(
    `INSERT INTO verifications (id, identifier, value, expires_at) VALUES (gen_random_uuid(), $1, $2, $3)`,
    [PREFIX + userId, hashToken(token), expiresAt],
  );
  return { userId, path: `/invite/${token}`, expiresAt };
}

export async function inviteUser(input: InviteUserInput, acting: Acting): Promise<Invitation> {
  return withTransaction(async (c) => {
    // Verified from the start: the admin vouches for the address (there is no self sign-up and no
    // verification mail). The auth library links an SSO sign-in to an existing person only when
    // their email is verified, so an invited person can also come in through SSO.
    const { rows } = await c.query<{ id: string }>(
      `INSERT INTO users (id, email, name, role, email_verified) VALUES (gen_random_uuid(), $1, $2, $3, true)
       ON CONFLICT (email) DO NOTHING RETURNING id`,
      [input.email, input.name, input.role],
    );
    const userId = rows[0]?.id;
    if (!userId) throw new AppError("conflict", `${input.email} already has an account`);
    const invitation = await issue(c, userId);
    await recordAudit(
      {
        ...acting,
        action: "user.invited",
        target: `user:${userId}`,
        details: { email: input.email, role: input.role },
      },
      c,
    );
    return invitation;
  });
}

/** A new link for an existing person (a lost invitation, or a password reset). */
export async function renewInvite(userId: string, acting: Acting): Promise<Invitation> {
  return withTransaction(async (c) => {
    const { rows } = await c.query<{ email: string }>("SELECT email FROM users WHERE id = $1 FOR UPDATE", [
      userId,
    ]);
    const user = rows[0];
    if (!user) throw new AppError("not_found", `no user ${userId}`);
    const invitation = await issue(c, userId);
    await recordAudit(
      { ...acting, action: "user.invite_renewed", target: `user:${userId}`, details: { email: user.email } },
      c,
    );
    return invitation;
  });
}

/** What the invitation page shows before the password is chosen; null when the link is no good. */
export async function describeInvite(
  token: string,
): Promise<{ email: string; name: string; reset: boolean } | null> {
  return withTransaction(async (c) => {
    const found = await find(c, token, false);
    return found ? { email: found.email, name: found.name, reset: found.hasPassword } : null;
  });
}

async function find(c: pg.PoolClient, token: string, lock: boolean) {
  const { rows } = await c.query<{
    verificationId: string;
    userId: string;
    email: string;
    name: string;
    disabledAt: Date | null;
    hasPassword: boolean;
  }>(
    `SELECT v.id AS "verificationId", u.id AS "userId", u.email, u.name, u.disabled_at AS "disabledAt",
            EXISTS (SELECT 1 FROM accounts a WHERE a.user_id = u.id AND a.provider_id = 'credential') AS "hasPassword"
       FROM verifications v JOIN users u ON v.identifier = $2 || u.id::text
      WHERE v.value = $1 AND v.expires_at > now() ${lock ? "FOR UPDATE OF v" : ""}`,
    [hashToken(token), PREFIX],
  );
  const row = rows[0];
  return row && !row.disabledAt ? row : null;
}

/** Sets the invitee's password and uses the link up. Returns the email, for signing in next. */
export async function acceptInvite(
  input: AcceptInviteInput,
  ip: string | null,
): Promise<{ userId: string; email: string }> {
  const result = await withTransaction(async (c) => {
    const found = await find(c, input.token, true);
    if (!found)
      throw new AppError(
        "not_found",
        "this invitation link is not valid any more: ask an admin for a new one",
      );
    await setPassword(c, found.userId, input.password);
    await c.query("DELETE FROM verifications WHERE id = $1", [found.verificationId]);
    // A reset ends every session that knew the old password.
    if (found.hasPassword) await c.query("DELETE FROM sessions WHERE user_id = $1", [found.userId]);
    await c.query("UPDATE users SET email_verified = true, updated_at = now() WHERE id = $1", [found.userId]);
    await recordAudit(
      {
        actor: { type: "user", id: found.userId, label: found.email },
        action: "user.invite_accepted",
        target: `user:${found.userId}`,
        details: { reset: found.hasPassword },
        ip,
      },
      c,
    );
    return { userId: found.userId, email: found.email, reset: found.hasPassword };
  });
  if (result.reset) announceAccessChange({ userId: result.userId, why: "password reset" });
  return { userId: result.userId, email: result.email };
}
