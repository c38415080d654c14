import { DeadLetterDetailSkeleton } from "@/components/dlq/dlq-skeleton";

export default function Loading() {
  return <DeadLetterDetailSkeleton />;
}
