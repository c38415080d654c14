// What a rule's page or edit form shows when the rule could not be loaded: "No such alert rule" for
// a 404 (or a malformed id), else the error with a retry; under the way back to the list.
import { SearchX } from "lucide-react";
import { BackToRules } from "@/components/alerts/rule-links";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LoadError } from "@/components/ui/load-error";
import { ApiError } from "@/lib/http/api-client";

export function RuleLoadFailed({ error, onRetry }: { error: Error; onRetry: () => void }) {
  const missing = error instanceof ApiError && (error.status === 404 || error.status === 400);
  return (
    <div className="flex flex-col gap-4">
      <BackToRules />
      <Card>
        {missing ? (
          <EmptyState icon={SearchX} title="No such alert rule">
            <p>{error.message}</p>
            <p className="mt-1">It may have been deleted, or replaced by an import with pruning.</p>
          </EmptyState>
        ) : (
          <LoadError title="The alert rule could not be loaded" error={error} onRetry={onRetry} />
        )}
      </Card>
    </div>
  );
}
