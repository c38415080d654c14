// The invitation card: who it is for, a new password twice; or why the link no longer works.
"use client";

import { useState, type FormEvent } from "react";
import Link from "next/link";
import { MailCheck, MailX } from "lucide-react";
import { PasswordFields, readNewPassword } from "@/components/sign-in/password-fields";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormError } from "@/components/ui/form-error";
import { apiFetch } from "@/lib/http/api-client";

type Props = { token: string; invite: { email: string; name: string; reset: boolean } | null };

export function AcceptInviteForm({ token, invite }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!invite)
    return (
      <Card className="p-6">
        <span className="grid size-9 place-items-center rounded-md bg-danger/10 text-danger">
          <MailX className="size-5" aria-hidden />
        </span>
        <h1 className="mt-3 text-lg font-semibold tracking-tight">This link does not work any more</h1>
        <p className="mt-1 text-sm text-fg-muted">
          It was used already, it expired (links last 7 days), or a newer one replaced it. Ask an Eventscope
          admin for a new link.
        </p>
        <Link href="/sign-in" className="mt-4 inline-block text-sm font-medium text-accent hover:underline">
          Go to sign-in
        </Link>
      </Card>
    );
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const pw = readNewPassword(new FormData(e.currentTarget));
    if ("error" in pw) return setError(pw.error);
    setBusy(true);
    setError(null);
    try {
      await apiFetch("/api/invites/accept", { method: "POST", body: { token, password: pw.password } });
      window.location.assign("/");
    } catch (err) {
      setBusy(false);
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <Card className="p-6">
      <span className="grid size-9 place-items-center rounded-md bg-accent-soft text-accent">
        <MailCheck className="size-5" aria-hidden />
      </span>
      <h1 className="mt-3 text-lg font-semibold tracking-tight">
        {invite.reset ? "Choose a new password" : `Welcome${invite.name ? `, ${invite.name}` : ""}`}
      </h1>
      <p className="mt-1 text-sm text-fg-muted">
        {invite.reset ? "For " : "You were invited to Eventscope as "}
        <span className="font-medium text-fg">{invite.email}</span>.{" "}
        {invite.reset ? "Your other sessions end when you save it." : "Choose a password to finish."}
      </p>
      <FormError message={error} className="mt-4" />
      <form className="mt-4 flex flex-col gap-3" onSubmit={(e) => void onSubmit(e)}>
        <input type="hidden" name="username" autoComplete="username" value={invite.email} readOnly />
        <PasswordFields label="New password" />
        <Button type="submit" variant="primary" busy={busy}>
          {invite.reset ? "Save and sign in" : "Join and sign in"}
        </Button>
      </form>
    </Card>
  );
}
