// Shown while the latency page checks access and starts.
import { LatencyPageSkeleton } from "@/components/latency/latency-skeleton";

export default function Loading() {
  return <LatencyPageSkeleton />;
}
