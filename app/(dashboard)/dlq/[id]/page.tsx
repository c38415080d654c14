// One dead letter: headers, payload, failure history, trace, reprocess attempts and its chain.
import type { Metadata } from "next";
import { DeadLetterView } from "@/components/dlq/dead-letter-view";
import { requireUser } from "@/lib/auth/current-user";

type Props = { params: Promise<{ id: string }> };

export const metadata: Metadata = { title: "Dead letter · Dead-letter queues" };

export default async function DeadLetterPage({ params }: Props) {
  await requireUser("events:read");
  const id = (await params).id.toLowerCase();
  return <DeadLetterView key={id} id={id} />;
}
