// Shown while the Overview's read model loads: the same layout, greyed out.
import { OverviewSkeleton } from "@/components/overview/overview-skeleton";

export default function Loading() {
  return <OverviewSkeleton />;
}
