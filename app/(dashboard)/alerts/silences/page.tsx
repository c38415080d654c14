// Silences: active, pending and expired, with what they match; operators create and end them.
import type { Metadata } from "next";
import { SilencesView } from "@/components/alerts/silences-view";
import { requireUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Silences · Alerts" };

export default async function SilencesPage() {
  await requireUser("events:read");
  return <SilencesView />;
}
