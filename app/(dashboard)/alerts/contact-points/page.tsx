// Contact points: where alert notifications go; admins add, edit, test and delete them.
import type { Metadata } from "next";
import { ContactPointsView } from "@/components/alerts/contact-points-view";
import { requireUser } from "@/lib/auth/current-user";

export const metadata: Metadata = { title: "Contact points · Alerts" };

export default async function ContactPointsPage() {
  await requireUser("events:read");
  return <ContactPointsView />;
}
