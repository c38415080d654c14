// Edit an alert rule: the form at the rule's current version beside its live preview (admins only).
import type { Metadata } from "next";
import { EditRule } from "@/components/alerts/rule-form-page";
import { requireUser } from "@/lib/auth/current-user";

type Props = { params: Promise<{ id: string }> };

export const metadata: Metadata = { title: "Edit alert rule · Alerts" };

export default async function EditAlertRulePage({ params }: Props) {
  await requireUser("alerts:manage");
  const id = (await params).id;
  return <EditRule key={id} id={id} />;
}
