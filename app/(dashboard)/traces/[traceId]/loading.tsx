// Shown while the trace page checks access and starts.
import { TraceDetailSkeleton } from "@/components/traces/traces-skeleton";

export default function Loading() {
  return <TraceDetailSkeleton />;
}
