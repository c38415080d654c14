// Settings › Users: the people with an account, inviting more, and each row's changes with a
// confirmation wherever a change locks someone out.
"use client";

import { useState } from "react";
import { UserPlus, Users } from "lucide-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useViewer } from "@/components/auth/viewer-context";
import { InviteDialog } from "@/components/settings/users/invite-dialog";
import { InviteLink, type IssuedLink } from "@/components/settings/users/invite-link";
import {
  fetchUsers,
  newLink,
  patchUser,
  signOutUser,
  useUserChange,
  USERS_KEY,
  type UserJson,
} from "@/components/settings/users/user-queries";
import { UsersTable, type RowAction } from "@/components/settings/users/users-table";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { toastError } from "@/components/ui/toaster";
import type { Role } from "@/lib/auth/permissions";

type Confirming = { user: UserJson; action: Exclude<RowAction, "link"> | "demote-self"; role?: Role };

export function UsersView({ initial, at }: { initial: UserJson[]; at: number }) {
  const viewer = useViewer();
  const [inviting, setInviting] = useState(false);
  const [confirming, setConfirming] = useState<Confirming | null>(null);
  const [issued, setIssued] = useState<IssuedLink | null>(null);
  const { data: users } = useQuery({
    queryKey: USERS_KEY,
    queryFn: fetchUsers,
    initialData: initial,
    initialDataUpdatedAt: at,
  });
  const done = () => setConfirming(null);
  const role = useUserChange<Role>({
    request: (u, r) => patchUser(u, { role: r }),
    success: (u, r) => `${u.name || u.email} is now ${r === "admin" ? "an" : "a"} ${r}`,
    failure: "Could not change the role",
    onSettled: done,
  });
  const disable = useUserChange<boolean>({
    request: (u, disabled) => patchUser(u, { disabled }),
    success: (u, disabled) => `${u.name || u.email} ${disabled ? "disabled" : "enabled"}`,
    failure: "Could not change the account",
    endsOwnSession: (disabled) => disabled,
    onSettled: done,
  });
  const signOut = useUserChange<null>({
    request: (u) => signOutUser(u),
    success: (u) => `${u.name || u.email} was signed out everywhere`,
    failure: "Could not sign out",
    endsOwnSession: () => true,
    onSettled: done,
  });
  const link = useMutation({
    mutationFn: (u: UserJson) => newLink(u),
    onSuccess: ({ invitation }, u) =>
      setIssued({
        email: u.email,
        url: window.location.origin + invitation.path,
        expiresAt: invitation.expiresAt,
        reset: u.canSignIn,
      }),
    onError: (err) => toastError(err, "Could not issue a link"),
  });

  const onRole = (user: UserJson, r: Role) => {
    // Demoting yourself takes this page away from you at once: ask first.
    if (user.id === viewer.userId && r !== "admin") setConfirming({ user, action: "demote-self", role: r });
    else role.mutate({ user, value: r });
  };
  const onAction = (user: UserJson, action: RowAction) => {
    if (action === "link") link.mutate(user);
    else setConfirming({ user, action });
  };
  const confirm = () => {
    if (!confirming) return;
    const { user, action } = confirming;
    if (action === "demote-self" && confirming.role) role.mutate({ user, value: confirming.role });
    else if (action === "sign-out") signOut.mutate({ user, value: null });
    else if (action === "disable" || action === "enable")
      disable.mutate({ user, value: action === "disable" });
  };
  const text = confirming && confirmText(confirming, confirming.user.id === viewer.userId);

  return (
    <Card as="section" aria-labelledby="users-title">
      <CardHeader
        id="users-title"
        title="Users"
        hint={`${users.filter((u) => !u.disabledAt).length} with access`}
        actions={
          <Button
            size="sm"
            variant="primary"
            icon={<UserPlus className="size-3.5" aria-hidden />}
            onClick={() => setInviting(true)}
          >
            Invite
          </Button>
        }
      />
      {users.length === 0 ? (
        <EmptyState icon={Users} title="Nobody has an account yet">
          <p>Invite people with the Invite button; each gets a one-time link to choose a password.</p>
        </EmptyState>
      ) : (
        <UsersTable
          users={users}
          viewerId={viewer.userId}
          pendingRole={(u) =>
            role.isPending && role.variables?.user.id === u.id ? role.variables.value : null
          }
          onRole={onRole}
          onAction={onAction}
        />
      )}
      <InviteDialog open={inviting} onClose={() => setInviting(false)} />
      <Dialog
        open={issued !== null}
        onClose={() => setIssued(null)}
        title={issued?.reset ? "Password reset link" : "New invitation link"}
        footer={
          <Button variant="primary" onClick={() => setIssued(null)}>
            Done
          </Button>
        }
      >
        {issued && <InviteLink link={issued} />}
      </Dialog>
      <ConfirmDialog
        open={confirming !== null}
        onClose={done}
        onConfirm={confirm}
        busy={role.isPending || disable.isPending || signOut.isPending}
        title={text?.title ?? ""}
        confirmLabel={text?.confirm ?? ""}
        tone={confirming?.action === "enable" ? "primary" : "danger"}
      >
        {text?.body}
      </ConfirmDialog>
    </Card>
  );
}

function confirmText(c: Confirming, self: boolean): { title: string; body: string; confirm: string } {
  const who = c.user.name || c.user.email;
  switch (c.action) {
    case "demote-self":
      return {
        title: `Make yourself ${c.role === "operator" ? "an" : "a"} ${c.role}?`,
        body: "You lose access to Users, Access, the audit log and token management at once. Only another admin can give it back.",
        confirm: `Become ${c.role}`,
      };
    case "sign-out":
      return {
        title: self ? "Sign yourself out everywhere?" : `Sign ${who} out everywhere?`,
        body: self
          ? "Every session of yours ends, this one included: you will go to the sign-in page."
          : `Every open session of ${who} ends now. They can sign in again; their API tokens keep working.`,
        confirm: "Sign out everywhere",
      };
    case "disable":
      return {
        title: self ? "Disable your own account?" : `Disable ${who}?`,
        body: self
          ? "You are signed out at once and cannot sign in again until another admin enables you."
          : `${who} is signed out at once, cannot sign in, and their API tokens stop working until an admin enables them again.`,
        confirm: "Disable",
      };
    case "enable":
      return {
        title: `Enable ${who}?`,
        body: `${who} can sign in again with their password, and their unexpired API tokens work again.`,
        confirm: "Enable",
      };
  }
}
