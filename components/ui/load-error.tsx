// A panel for a query that failed: what could not be loaded, the server's reason, and a retry.
import { TriangleAlert } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export function LoadError({ title, error, onRetry }: { title: string; error: Error; onRetry: () => void }) {
  return (
    <EmptyState icon={TriangleAlert} title={title}>
      <p>{error.message}</p>
      <Button className="mt-3" onClick={onRetry}>
        Try again
      </Button>
    </EmptyState>
  );
}
