// Invite a person: email, name and role. The answer is a one-time link the admin hands over; the
// invitee opens it and chooses a password.
"use client";

import { useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { InviteLink, type IssuedLink } from "@/components/settings/users/invite-link";
import { USERS_KEY, type InvitationJson } from "@/components/settings/users/user-queries";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { SelectField, TextField } from "@/components/ui/field";
import { toast, toastError } from "@/components/ui/toaster";
import { isRole, ROLE_TEXT, ROLES, type Role } from "@/lib/auth/permissions";
import { apiFetch } from "@/lib/http/api-client";
import type { InviteUserInput } from "@/lib/users/schemas";

const FORM_ID = "invite-user-form";

export function InviteDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [role, setRole] = useState<Role>("viewer");
  const [issued, setIssued] = useState<IssuedLink | null>(null);
  const invite = useMutation({
    mutationFn: (input: InviteUserInput) =>
      apiFetch<{ invitation: InvitationJson }>("/api/v1/users", { method: "POST", body: input }),
    onSuccess: async ({ invitation }, input) => {
      setIssued({
        email: input.email,
        url: window.location.origin + invitation.path,
        expiresAt: invitation.expiresAt,
        reset: false,
      });
      toast.success(`${input.email} invited`);
      await queryClient.invalidateQueries({ queryKey: USERS_KEY });
    },
    onError: (err) => toastError(err, "Could not invite"),
  });
  const close = () => {
    onClose();
    setIssued(null); // the link is never shown twice
    setRole("viewer");
    invite.reset();
  };
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    invite.mutate({
      email: String(form.get("email") ?? "").trim(),
      name: String(form.get("name") ?? "").trim(),
      role,
    });
  };
  return (
    <Dialog
      open={open}
      onClose={close}
      title={issued ? "Invitation ready" : "Invite a person"}
      description={
        issued ? undefined : "They get an account with this role and choose a password from the link."
      }
      footer={
        issued ? (
          <Button variant="primary" onClick={close}>
            Done
          </Button>
        ) : (
          <>
            <Button onClick={close}>Cancel</Button>
            <Button type="submit" form={FORM_ID} variant="primary" busy={invite.isPending}>
              Create invitation
            </Button>
          </>
        )
      }
    >
      {issued ? (
        <InviteLink link={issued} />
      ) : (
        <form id={FORM_ID} className="flex flex-col gap-4" onSubmit={onSubmit}>
          <TextField label="Email" name="email" type="email" required maxLength={254} autoComplete="off" />
          <TextField label="Name" name="name" required maxLength={100} autoComplete="off" />
          <SelectField
            label="Role"
            name="role"
            value={role}
            onChange={(e) => isRole(e.target.value) && setRole(e.target.value)}
            hint={ROLE_TEXT[role]}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </SelectField>
        </form>
      )}
    </Dialog>
  );
}
