// One alert rule: its definition in words, current state per scope, state history, admin actions.
import type { Metadata } from "next";
import { RuleView } from "@/components/alerts/rule-view";
import { requireUser } from "@/lib/auth/current-user";

type Props = { params: Promise<{ id: string }> };

export const metadata: Metadata = { title: "Alert rule · Alerts" };

export default async function AlertRulePage({ params }: Props) {
  await requireUser("events:read");
  const id = (await params).id;
  return <RuleView key={id} id={id} />;
}
