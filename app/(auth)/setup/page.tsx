// First-run setup: create the first admin. Gone (redirects to sign-in) once an admin exists.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SetupForm } from "@/components/sign-in/setup-form";
import { adminExists } from "@/lib/users/admins";

export const metadata: Metadata = { title: "Set up Eventscope" };

export default async function SetupPage() {
  if (await adminExists()) redirect("/sign-in");
  return <SetupForm />;
}
