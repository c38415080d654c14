// One reprocess request's progress (the page the confirmation opens; a reload shows the same).
import type { Metadata } from "next";
import { ReprocessProgress } from "@/components/dlq/reprocess-progress";
import { requireUser } from "@/lib/auth/current-user";

type Props = { params: Promise<{ id: string }> };

export const metadata: Metadata = { title: "Reprocess request · Dead-letter queues" };

export default async function ReprocessRequestPage({ params }: Props) {
  await requireUser("events:read");
  const id = (await params).id.toLowerCase();
  return <ReprocessProgress key={id} id={id} />;
}
