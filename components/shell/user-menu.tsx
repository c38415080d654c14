// The signed-in person's menu in the top bar: who and what role, their settings, sign out. In the
// local demo it says plainly that the sign-in was automatic.
"use client";

import { useState } from "react";
import Link from "next/link";
import { LogOut, UserRound } from "lucide-react";
import { useViewer } from "@/components/auth/viewer-context";
import { Badge } from "@/components/ui/badge";
import { toastError } from "@/components/ui/toaster";
import { leaveLiveSession, rejoinLiveSession } from "@/components/live/live-socket";
import { apiFetch } from "@/lib/http/api-client";

function initials(name: string, email: string): string {
  const words = (name || email).split(/[\s@.]+/).filter(Boolean);
  return ((words[0]?.[0] ?? "?") + (words[1]?.[0] ?? "")).toUpperCase();
}

/** Says, in the local demo, that nobody typed a password: the sign-in was automatic. */
export function DemoBadge() {
  const viewer = useViewer();
  if (!viewer.demo) return null;
  return (
    <span title="This local demo signs visitors in automatically. That stops as soon as Eventscope uses your own database or listens beyond localhost.">
      <Badge tone="warn">
        Demo<span className="hidden lg:inline">&nbsp;· signed in automatically</span>
      </Badge>
    </span>
  );
}

export function UserMenu() {
  const viewer = useViewer();
  const [busy, setBusy] = useState(false);
  const signOut = async () => {
    setBusy(true);
    try {
      leaveLiveSession();
      await apiFetch("/api/auth/sign-out", { method: "POST", body: {} });
      window.location.assign("/sign-in?signed-out=1");
    } catch (err) {
      rejoinLiveSession();
      setBusy(false);
      toastError(err, "Could not sign out");
    }
  };
  return (
    <>
      <button
        type="button"
        popoverTarget="user-menu"
        aria-label={`Account: ${viewer.name || viewer.email}`}
        className="grid size-8 place-items-center rounded-full bg-accent-soft text-xs font-semibold text-accent hover:ring-2 hover:ring-accent/30"
      >
        {initials(viewer.name, viewer.email)}
      </button>
      <div
        id="user-menu"
        popover="auto"
        className="fixed inset-auto top-12 right-3 m-0 w-64 rounded-lg border border-line bg-surface p-0 text-fg shadow-lg md:right-5"
      >
        <div className="border-b border-line px-4 py-3">
          <p className="truncate text-sm font-medium">{viewer.name || viewer.email}</p>
          <p className="truncate text-xs text-fg-muted">
            {viewer.demo ? "the local demo's admin" : viewer.email}
          </p>
          <p className="mt-2">
            <Badge tone="accent">{viewer.role}</Badge>
          </p>
        </div>
        <div className="flex flex-col gap-1 p-2">
          <Link
            href="/settings"
            className="flex h-8 items-center gap-2 rounded-md px-2 text-sm text-fg-muted hover:bg-surface-2 hover:text-fg"
          >
            <UserRound className="size-4" aria-hidden />
            Account settings
          </Link>
          <button
            type="button"
            disabled={busy}
            aria-busy={busy || undefined}
            onClick={() => void signOut()}
            className="flex h-8 items-center gap-2 rounded-md px-2 text-left text-sm text-fg-muted hover:bg-surface-2 hover:text-fg disabled:opacity-60"
          >
            <LogOut className="size-4" aria-hidden />
            {busy ? "Signing out…" : "Sign out"}
          </button>
        </div>
      </div>
    </>
  );
}
