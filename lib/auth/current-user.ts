// Who is looking at a page (Server Components): the same principal the API routes see, with the
// permissions the UI uses to show or hide actions. requireUser() sends the anonymous to sign-in
// (or to first-run setup) and answers 403 to those without the page's permission. Pages call it
// themselves, not only the layout: layouts and pages render in parallel.
import "server-only";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { DEMO_USER_EMAIL, demoSignInEnabled } from "@/lib/auth/demo-sign-in";
import type { Permission, Role } from "@/lib/auth/permissions";
import { principalPermissions, resolvePrincipal } from "@/lib/auth/principal";
import { AppError } from "@/lib/errors";
import { REQUEST_PATH_HEADER } from "@/lib/http/client-address";
import { accessPolicy } from "@/lib/settings/access-policy";
import { adminExists } from "@/lib/users/admins";

export type Viewer = {
  userId: string;
  email: string;
  name: string;
  role: Role;
  permissions: Permission[];
  /** Signed in automatically as the local demo's admin. */
  demo: boolean;
};

export async function currentUser(): Promise<Viewer | null> {
  const h = await headers();
  const principal = await resolvePrincipal(h).catch((err: unknown) => {
    if (err instanceof AppError && err.code === "unauthorized") return null;
    throw err;
  });
  if (!principal) return null;
  return {
    userId: principal.userId,
    email: principal.email,
    name: principal.name,
    role: principal.role,
    permissions: principalPermissions(principal, await accessPolicy()),
    demo: principal.email === DEMO_USER_EMAIL,
  };
}

/** Where sign-in should send the browser back to: a local path only (never another site). */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  if (next.startsWith("/sign-in") || next.startsWith("/setup") || next.startsWith("/api/")) return "/";
  return next;
}

export async function requireUser(permission: Permission = "events:read"): Promise<Viewer> {
  const viewer = await currentUser();
  if (!viewer) {
    const next = safeNext((await headers()).get(REQUEST_PATH_HEADER));
    if (!demoSignInEnabled() && !(await adminExists())) redirect("/setup");
    redirect(next === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(next)}`);
  }
  if (!viewer.permissions.includes(permission)) forbidden();
  return viewer;
}
