// A new password twice, checked as the person types: long enough, and the same both times.
"use client";

import { useState } from "react";
import { TextField } from "@/components/ui/field";
import { MAX_PASSWORD, MIN_PASSWORD } from "@/lib/auth/password-policy";

export function PasswordFields({ label = "Password" }: { label?: string }) {
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const short = password.length > 0 && password.length < MIN_PASSWORD;
  const mismatch = confirm.length > 0 && confirm !== password;
  return (
    <>
      <TextField
        label={label}
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={MIN_PASSWORD}
        maxLength={MAX_PASSWORD}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        hint={`At least ${MIN_PASSWORD} characters. A phrase of a few words is easy to remember and hard to guess.`}
        error={short ? `Use at least ${MIN_PASSWORD} characters (${password.length} so far).` : null}
      />
      <TextField
        label="Repeat the password"
        name="confirm"
        type="password"
        autoComplete="new-password"
        required
        value={confirm}
        onChange={(e) => setConfirm(e.target.value)}
        error={mismatch ? "The two passwords differ." : null}
      />
    </>
  );
}

/** The form's new password, or an error message when the two entries disagree. */
export function readNewPassword(form: FormData): { password: string } | { error: string } {
  const password = String(form.get("password") ?? "");
  if (password.length < MIN_PASSWORD) return { error: `Use at least ${MIN_PASSWORD} characters.` };
  if (password !== String(form.get("confirm") ?? "")) return { error: "The two passwords differ." };
  return { password };
}
