// Change your own password: the current one, the new one twice. Saving it ends every other
// session (a stolen session must not outlive the password it was opened with).
"use client";

import { useState, type FormEvent } from "react";
import { useMutation } from "@tanstack/react-query";
import { PasswordFields, readNewPassword } from "@/components/sign-in/password-fields";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { toast } from "@/components/ui/toaster";
import { ApiError, apiFetch } from "@/lib/http/api-client";

type Input = { currentPassword: string; newPassword: string };

export function ChangePasswordForm({ email }: { email: string }) {
  // The fields remount (and so empty) when this changes after a successful save.
  const [generation, setGeneration] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: (input: Input) =>
      apiFetch("/api/auth/change-password", {
        method: "POST",
        body: { ...input, revokeOtherSessions: true },
      }),
    onSuccess: () => {
      setError(null);
      setGeneration((g) => g + 1);
      toast.success("Password changed", { description: "Your other sessions were signed out." });
    },
    // Shown beside the form rather than in a toast: it is about what was typed. The library's
    // "Invalid password" does not say which of the three fields it means.
    onError: (err) =>
      setError(
        err instanceof ApiError && err.code === "INVALID_PASSWORD"
          ? "Your current password is not right."
          : err.message,
      ),
  });
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const pw = readNewPassword(form);
    if ("error" in pw) return setError(pw.error);
    change.mutate({ currentPassword: String(form.get("current") ?? ""), newPassword: pw.password });
  };
  return (
    <Card as="section" aria-labelledby="password-title">
      <CardHeader id="password-title" title="Change password" hint="Signs out your other sessions" />
      <form
        key={generation}
        className="flex max-w-md flex-col gap-3 p-4"
        onSubmit={onSubmit}
        aria-describedby={error ? "password-error" : undefined}
      >
        <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
        <TextField
          label="Current password"
          name="current"
          type="password"
          autoComplete="current-password"
          required
        />
        <PasswordFields label="New password" />
        {error && (
          <p
            id="password-error"
            role="alert"
            className="rounded-md bg-danger/10 px-3 py-2 text-sm text-danger"
          >
            {error}
          </p>
        )}
        <div>
          <Button type="submit" variant="primary" busy={change.isPending}>
            Change password
          </Button>
        </div>
      </form>
    </Card>
  );
}
