// One trace: its spans and message hops as a waterfall (broker wait apart from processing), with
// the attributes of a selected span or the deliveries and payload sample of a selected message.
import type { Metadata } from "next";
import { TraceView } from "@/components/traces/trace-view";
import { requireUser } from "@/lib/auth/current-user";

type Props = { params: Promise<{ traceId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Trace ${(await params).traceId.slice(0, 12)}… · Traces` };
}

export default async function TracePage({ params }: Props) {
  await requireUser("events:read");
  const traceId = (await params).traceId.toLowerCase();
  return <TraceView key={traceId} traceId={traceId} />;
}
