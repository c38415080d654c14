// The one-time setup card: the first admin's name, email and password; signed in on success.
"use client";

import { useState, type FormEvent } from "react";
import { ShieldCheck } from "lucide-react";
import { PasswordFields, readNewPassword } from "@/components/sign-in/password-fields";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormError } from "@/components/ui/form-error";
import { TextField } from "@/components/ui/field";
import { apiFetch } from "@/lib/http/api-client";

export function SetupForm() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const pw = readNewPassword(form);
    if ("error" in pw) return setError(pw.error);
    setBusy(true);
    setError(null);
    try {
      await apiFetch("/api/setup", {
        method: "POST",
        body: {
          name: String(form.get("name") ?? ""),
          email: String(form.get("email") ?? ""),
          password: pw.password,
        },
      });
      window.location.assign("/");
    } catch (err) {
      setBusy(false);
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <Card className="p-6">
      <span className="grid size-9 place-items-center rounded-md bg-accent-soft text-accent">
        <ShieldCheck className="size-5" aria-hidden />
      </span>
      <h1 className="mt-3 text-lg font-semibold tracking-tight">Set up Eventscope</h1>
      <p className="mt-1 text-sm text-fg-muted">
        Create the first admin. Admins invite everyone else and choose what each person may do. This page
        disappears once it is done.
      </p>
      <FormError message={error} className="mt-4" />
      <form className="mt-4 flex flex-col gap-3" onSubmit={(e) => void onSubmit(e)}>
        <TextField label="Your name" name="name" autoComplete="name" required maxLength={100} autoFocus />
        <TextField label="Email" name="email" type="email" autoComplete="username" required />
        <PasswordFields />
        <Button type="submit" variant="primary" busy={busy}>
          Create the admin and sign in
        </Button>
      </form>
    </Card>
  );
}
