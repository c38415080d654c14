import { DlqPageSkeleton } from "@/components/dlq/dlq-skeleton";

export default function Loading() {
  return <DlqPageSkeleton />;
}
