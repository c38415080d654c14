// The sign-in card. Says exactly why a sign-in failed (wrong password, locked for a while, account
// disabled) and, in the local demo, signs in automatically unless the person just signed out.
"use client";

import { useEffect, useRef, useState, type FormEvent } from "react";
import { KeyRound, LogIn } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormError } from "@/components/ui/form-error";
import { TextField } from "@/components/ui/field";
import { ApiError, apiFetch } from "@/lib/http/api-client";

type Props = { next: string; sso: { name: string } | null; demo: boolean; autoDemo: boolean };

function explain(err: unknown): string {
  if (!(err instanceof ApiError))
    return "The server could not be reached. Check your connection and try again.";
  if (err.status === 401) return "Wrong email or password.";
  if (err.status === 429)
    return err.retryAfterSeconds
      ? `Too many attempts. Try again in ${err.retryAfterSeconds} s.`
      : "Too many attempts. Wait a minute and try again.";
  return err.message;
}

export function SignInForm({ next, sso, demo, autoDemo }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<"password" | "sso" | "demo" | null>(autoDemo ? "demo" : null);
  const started = useRef(false);

  const demoSignIn = async () => {
    setBusy("demo");
    setError(null);
    try {
      await apiFetch("/api/auth/demo-sign-in", { method: "POST", body: {} });
      window.location.assign(next);
    } catch (err) {
      setBusy(null);
      setError(explain(err));
    }
  };

  useEffect(() => {
    if (!autoDemo || started.current) return;
    started.current = true;
    void demoSignIn();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- runs once on arrival
  }, [autoDemo]);

  const onSubmit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy("password");
    setError(null);
    try {
      await apiFetch("/api/auth/sign-in/email", {
        method: "POST",
        body: {
          email: String(form.get("email") ?? ""),
          password: String(form.get("password") ?? ""),
          rememberMe: true,
        },
      });
      window.location.assign(next);
    } catch (err) {
      setBusy(null);
      setError(explain(err));
    }
  };

  const ssoSignIn = async () => {
    setBusy("sso");
    setError(null);
    try {
      const res = await apiFetch<{ url: string }>("/api/auth/sign-in/oauth2", {
        method: "POST",
        body: { providerId: "oidc", callbackURL: next, errorCallbackURL: "/sign-in?sso-error=1" },
      });
      window.location.assign(res.url);
    } catch (err) {
      setBusy(null);
      setError(explain(err));
    }
  };

  return (
    <Card className="p-6">
      <h1 className="text-lg font-semibold tracking-tight">Sign in to Eventscope</h1>
      {demo && (
        <div className="mt-3 rounded-md border border-warn/40 bg-warn/10 px-3 py-2 text-sm text-fg">
          <p className="font-medium">Local demo</p>
          <p className="mt-0.5 text-fg-muted">
            This server runs the demo on localhost, so you are signed in automatically as its admin. That
            stops as soon as it uses your own database or listens beyond this machine.
          </p>
          <Button
            className="mt-2"
            variant="primary"
            size="sm"
            busy={busy === "demo"}
            onClick={() => void demoSignIn()}
          >
            Continue as the demo admin
          </Button>
        </div>
      )}
      <FormError message={error} className="mt-4" />
      <form className="mt-4 flex flex-col gap-3" onSubmit={(e) => void onSubmit(e)}>
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          required
          autoFocus={!demo}
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
        />
        <Button
          type="submit"
          variant="primary"
          busy={busy === "password"}
          disabled={busy !== null}
          icon={<LogIn className="size-4" aria-hidden />}
        >
          Sign in
        </Button>
      </form>
      {sso && (
        <>
          <div className="my-4 flex items-center gap-3 text-xs text-fg-subtle" aria-hidden>
            <span className="h-px flex-1 bg-line" />
            or
            <span className="h-px flex-1 bg-line" />
          </div>
          <Button
            className="w-full"
            busy={busy === "sso"}
            disabled={busy !== null}
            onClick={() => void ssoSignIn()}
            icon={<KeyRound className="size-4" aria-hidden />}
          >
            Sign in with {sso.name}
          </Button>
        </>
      )}
      <p className="mt-5 text-xs text-fg-subtle">No account? Ask an Eventscope admin to invite you.</p>
    </Card>
  );
}
