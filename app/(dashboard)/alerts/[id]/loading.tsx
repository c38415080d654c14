import { RuleDetailSkeleton } from "@/components/alerts/rule-view";

export default function Loading() {
  return <RuleDetailSkeleton />;
}
