// Shown while the traces page checks access and starts.
import { TracesPageSkeleton } from "@/components/traces/traces-skeleton";

export default function Loading() {
  return <TracesPageSkeleton />;
}
