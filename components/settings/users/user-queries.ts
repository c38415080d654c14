// Users on the client: the query, the status a row shows, and the admin's changes (role,
// disable/enable, sign out everywhere, a new link), each refreshing the list when done.
"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useViewer } from "@/components/auth/viewer-context";
import { leaveLiveSession, rejoinLiveSession } from "@/components/live/live-socket";
import { toast, toastError } from "@/components/ui/toaster";
import type { Role } from "@/lib/auth/permissions";
import { apiFetch } from "@/lib/http/api-client";
import type { Jsonify } from "@/lib/jsonify";
import type { UserRow } from "@/lib/users/schemas";

export type UserJson = Jsonify<UserRow>;
export type InvitationJson = { userId: string; path: string; expiresAt: string };

export const USERS_KEY = ["users"] as const;

export const fetchUsers = () => apiFetch<{ users: UserJson[] }>("/api/v1/users").then((r) => r.users);

export type UserStatus = "active" | "invited" | "invite expired" | "disabled";

export function userStatus(u: UserJson): UserStatus {
  if (u.disabledAt) return "disabled";
  if (!u.canSignIn) return u.inviteExpiresAt ? "invited" : "invite expired";
  return "active";
}

/** A change to one person. Changes to yourself reload the page's permissions, or sign you out. */
export function useUserChange<V>(opts: {
  request: (user: UserJson, value: V) => Promise<unknown>;
  success: (user: UserJson, value: V) => string;
  failure: string;
  /** The change ends the viewer's own sessions when applied to themselves. */
  endsOwnSession?: (value: V) => boolean;
  onSettled?: () => void;
}) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const viewer = useViewer();
  const endsOwn = (user: UserJson, value: V) =>
    user.id === viewer.userId && (opts.endsOwnSession?.(value) ?? false);
  return useMutation({
    mutationFn: ({ user, value }: { user: UserJson; value: V }) => {
      // As with signing out: the live connection closes first, so its "access ended" notice
      // cannot race this tab's own way to the sign-in page.
      if (endsOwn(user, value)) leaveLiveSession();
      return opts.request(user, value);
    },
    onSuccess: (_res, { user, value }) => {
      if (endsOwn(user, value)) {
        window.location.assign("/sign-in?signed-out=1");
        return;
      }
      toast.success(opts.success(user, value));
      if (user.id === viewer.userId) router.refresh();
    },
    onError: (err, { user, value }) => {
      if (endsOwn(user, value)) rejoinLiveSession();
      toastError(err, opts.failure);
    },
    onSettled: async () => {
      opts.onSettled?.();
      await queryClient.invalidateQueries({ queryKey: USERS_KEY });
    },
  });
}

export const patchUser = (user: UserJson, body: { role?: Role; disabled?: boolean }) =>
  apiFetch(`/api/v1/users/${user.id}`, { method: "PATCH", body });

export const signOutUser = (user: UserJson) =>
  apiFetch<{ ended: number }>(`/api/v1/users/${user.id}/sessions`, { method: "DELETE" });

export const newLink = (user: UserJson) =>
  apiFetch<{ invitation: InvitationJson }>(`/api/v1/users/${user.id}/invite`, { method: "POST" });
