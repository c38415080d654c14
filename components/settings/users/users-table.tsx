// Everyone with an account: who, role (changed in place), whether they can sign in, last sign-in,
// open sessions, and the admin's actions on each row.
"use client";

import clsx from "clsx";
import { Link2, LogOut, UserCheck, UserX } from "lucide-react";
import { userStatus, type UserJson } from "@/components/settings/users/user-queries";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { LocalTime } from "@/components/ui/local-time";
import { isRole, ROLES, type Role } from "@/lib/auth/permissions";

export type RowAction = "link" | "sign-out" | "disable" | "enable";

const STATUS_TONE = {
  active: "ok",
  invited: "accent",
  "invite expired": "warn",
  disabled: "danger",
} as const;
const COLUMNS = ["Person", "Role", "Status", "Last sign-in"];

type Props = {
  users: UserJson[];
  viewerId: string;
  /** The role a row shows while its change is being saved. */
  pendingRole: (u: UserJson) => Role | null;
  onRole: (u: UserJson, role: Role) => void;
  onAction: (u: UserJson, action: RowAction) => void;
};

export function UsersTable({ users, viewerId, pendingRole, onRole, onAction }: Props) {
  return (
    <div className="relative overflow-x-auto">
      {/* relative: the sr-only "Actions" header is positioned absolutely and would widen the page. */}
      <table aria-label="Users" className="w-full min-w-[1000px] table-fixed text-sm">
        {/* Fixed widths: a saved change (a status line appearing) must not shift the columns. */}
        <colgroup>
          <col />
          <col className="w-32" />
          <col className="w-44" />
          <col className="w-44" />
          <col className="w-80" />
        </colgroup>
        <thead className="text-left text-xs text-fg-subtle">
          <tr className="h-8">
            {COLUMNS.map((c) => (
              <th key={c} scope="col" className="px-4 font-medium">
                {c}
              </th>
            ))}
            <th scope="col" className="px-4 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => {
            const status = userStatus(u);
            const pending = pendingRole(u);
            const self = u.id === viewerId;
            return (
              <tr key={u.id} className="border-t border-line">
                <td className="px-4 py-2">
                  <div
                    className={clsx(
                      "truncate font-medium",
                      status === "disabled" ? "text-fg-muted" : "text-fg",
                    )}
                    title={u.name}
                  >
                    {u.name}
                    {self && <span className="ml-1.5 text-xs font-normal text-fg-subtle">(you)</span>}
                  </div>
                  <div className="truncate text-xs text-fg-muted" title={u.email}>
                    {u.email}
                  </div>
                </td>
                <td className="px-4 py-2">
                  <select
                    aria-label={`Role of ${u.name || u.email}`}
                    value={pending ?? u.role}
                    disabled={pending !== null}
                    onChange={(e) => isRole(e.target.value) && onRole(u, e.target.value)}
                    className="h-7 rounded-md border border-line-strong bg-surface pr-7 pl-2 text-sm text-fg focus:border-accent focus:ring-2 focus:ring-accent/30 focus:outline-none disabled:opacity-60"
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="px-4 py-2">
                  <Badge tone={STATUS_TONE[status]}>{status}</Badge>
                  {u.inviteExpiresAt && status !== "disabled" && (
                    <div className="mt-0.5 text-xs whitespace-nowrap text-fg-subtle">
                      {u.canSignIn ? "reset link" : "pending"} until{" "}
                      <LocalTime iso={u.inviteExpiresAt} format="date" />
                    </div>
                  )}
                </td>
                <td className="px-4 py-2 whitespace-nowrap text-fg-muted">
                  <LocalTime iso={u.lastSignInAt} empty="never" />
                  <div className="text-xs text-fg-subtle">
                    {u.activeSessions === 0
                      ? "no open session"
                      : `${u.activeSessions} open session${u.activeSessions === 1 ? "" : "s"}`}
                  </div>
                </td>
                <td className="px-4 py-2">
                  <RowButtons user={u} onAction={onAction} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function RowButtons({ user: u, onAction }: { user: UserJson; onAction: Props["onAction"] }) {
  const who = u.name || u.email;
  const disabled = Boolean(u.disabledAt);
  return (
    <div className="flex justify-end gap-1">
      <Button
        size="sm"
        variant="ghost"
        icon={<Link2 className="size-3.5" aria-hidden />}
        aria-label={`${u.canSignIn ? "Password reset link" : "New invitation link"} for ${who}`}
        title={u.canSignIn ? "A link to choose a new password" : "A new invitation link"}
        disabled={disabled}
        onClick={() => onAction(u, "link")}
      >
        New link
      </Button>
      <Button
        size="sm"
        variant="ghost"
        icon={<LogOut className="size-3.5" aria-hidden />}
        aria-label={`Sign ${who} out everywhere`}
        title={u.activeSessions ? "End every session of this person" : "No open sessions"}
        disabled={u.activeSessions === 0}
        onClick={() => onAction(u, "sign-out")}
      >
        Sign out
      </Button>
      <Button
        size="sm"
        variant="ghost"
        className={clsx("min-w-20", !disabled && "text-danger hover:text-danger")}
        icon={
          disabled ? (
            <UserCheck className="size-3.5" aria-hidden />
          ) : (
            <UserX className="size-3.5" aria-hidden />
          )
        }
        aria-label={`${disabled ? "Enable" : "Disable"} ${who}`}
        onClick={() => onAction(u, disabled ? "enable" : "disable")}
      >
        {disabled ? "Enable" : "Disable"}
      </Button>
    </div>
  );
}
