// Sign out everywhere: ends every session of this person, this one included (after a lost laptop
// or a shared computer). API tokens are separate and stay valid.
"use client";

import { useState } from "react";
import { LogOut } from "lucide-react";
import { useMutation } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toastError } from "@/components/ui/toaster";
import { leaveLiveSession, rejoinLiveSession } from "@/components/live/live-socket";
import { apiFetch } from "@/lib/http/api-client";

export function SignOutEverywhere() {
  const [confirming, setConfirming] = useState(false);
  const revoke = useMutation({
    mutationFn: () => {
      leaveLiveSession();
      return apiFetch("/api/auth/revoke-sessions", { method: "POST", body: {} });
    },
    // This session is gone too: a full page load, so nothing signed-in stays in memory.
    onSuccess: () => window.location.assign("/sign-in?signed-out=1"),
    onError: (err) => {
      rejoinLiveSession();
      setConfirming(false);
      toastError(err, "Could not sign out everywhere");
    },
  });
  return (
    <Card as="section" aria-labelledby="sessions-title">
      <CardHeader id="sessions-title" title="Sessions" />
      <div className="flex flex-col items-start gap-3 p-4 sm:flex-row sm:items-center sm:justify-between">
        <p className="max-w-xl text-sm text-fg-muted">
          Signs you out in every browser, this one included. Use it after signing in on a shared computer or
          losing a device. Your API tokens keep working; revoke them on the API tokens tab.
        </p>
        <Button
          variant="danger"
          icon={<LogOut className="size-4" aria-hidden />}
          onClick={() => setConfirming(true)}
        >
          Sign out everywhere
        </Button>
      </div>
      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        onConfirm={() => revoke.mutate()}
        busy={revoke.isPending || revoke.isSuccess}
        title="Sign out everywhere?"
        confirmLabel="Sign out everywhere"
      >
        Every session of yours ends now, including this one: you will go to the sign-in page.
      </ConfirmDialog>
    </Card>
  );
}
