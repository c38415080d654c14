// Shown while the flows page checks access and starts.
import { FlowsSkeleton } from "@/components/flows/flows-skeleton";

export default function Loading() {
  return <FlowsSkeleton />;
}
