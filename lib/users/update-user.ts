// Admin changes to a person: role, disabled/enabled, signed out everywhere. Each is audited in the
// same transaction and announced, so the person's open live connections re-check at once. The last
// active admin can be neither demoted nor disabled (nobody could undo it).
import { withTransaction } from "@/lib/db/client";
import type { Acting } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { announceAccessChange } from "@/lib/auth/revocations";
import { AppError } from "@/lib/errors";
import { countActiveAdmins } from "@/lib/users/admins";
import type { UpdateUserInput } from "@/lib/users/schemas";

type Current = { email: string; role: string; disabledAt: Date | null };

export async function updateUser(userId: string, input: UpdateUserInput, acting: Acting): Promise<void> {
  const changed = await withTransaction(async (c) => {
    // Admin rows locked in one order: two admins demoting each other cannot both succeed.
    await c.query("SELECT id FROM users WHERE role = 'admin' ORDER BY id FOR UPDATE");
    const { rows } = await c.query<Current>(
      `SELECT email, role, disabled_at AS "disabledAt" FROM users WHERE id = $1 FOR UPDATE`,
      [userId],
    );
    const user = rows[0];
    if (!user) throw new AppError("not_found", `no user ${userId}`);
    const demoting = input.role !== undefined && input.role !== "admin" && user.role === "admin";
    const disabling = input.disabled === true && !user.disabledAt;
    if (
      (demoting || disabling) &&
      user.role === "admin" &&
      !user.disabledAt &&
      (await countActiveAdmins(c)) <= 1
    )
      throw new AppError("conflict", "this is the last active admin: make someone else an admin first");
    let any = false;
    const target = `user:${userId}`;
    if (input.role !== undefined && input.role !== user.role) {
      await c.query("UPDATE users SET role = $2, updated_at = now() WHERE id = $1", [userId, input.role]);
      await recordAudit(
        {
          ...acting,
          action: "user.role_changed",
          target,
          details: { email: user.email, from: user.role, to: input.role },
        },
        c,
      );
      any = true;
    }
    if (input.disabled !== undefined && input.disabled !== Boolean(user.disabledAt)) {
      await c.query(
        `UPDATE users SET disabled_at = ${input.disabled ? "now()" : "NULL"}, updated_at = now() WHERE id = $1`,
        [userId],
      );
      if (input.disabled) await c.query("DELETE FROM sessions WHERE user_id = $1", [userId]);
      await recordAudit(
        {
          ...acting,
          action: input.disabled ? "user.disabled" : "user.enabled",
          target,
          details: { email: user.email },
        },
        c,
      );
      any = true;
    }
    return any;
  });
  if (changed) announceAccessChange({ userId, why: "user changed by an admin" });
}

/** Ends every session of a person (their API tokens stay; revoke those separately). */
export async function revokeUserSessions(userId: string, acting: Acting): Promise<{ ended: number }> {
  const ended = await withTransaction(async (c) => {
    const { rows } = await c.query<{ email: string }>("SELECT email FROM users WHERE id = $1", [userId]);
    if (!rows[0]) throw new AppError("not_found", `no user ${userId}`);
    const { rowCount } = await c.query("DELETE FROM sessions WHERE user_id = $1", [userId]);
    await recordAudit(
      {
        ...acting,
        action: "user.sessions_revoked",
        target: `user:${userId}`,
        details: { email: rows[0].email, sessions: rowCount ?? 0 },
      },
      c,
    );
    return rowCount ?? 0;
  });
  announceAccessChange({ userId, why: "signed out by an admin" });
  return { ended };
}
