import { AlertsPageSkeleton } from "@/components/alerts/alerts-skeleton";

export default function Loading() {
  return <AlertsPageSkeleton />;
}
