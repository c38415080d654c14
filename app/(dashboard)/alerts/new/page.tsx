// A new alert rule: the form beside its live preview (admins; others get the forbidden page).
import type { Metadata } from "next";
import { NewRule } from "@/components/alerts/rule-form-page";
import { requireUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "New alert rule · Alerts" };

export default async function NewAlertRulePage() {
  await requireUser("alerts:manage");
  return <NewRule />;
}
