// The DLQ views' "nothing matches the filter" state, with a way back to everything.
import { SearchX } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

export function NoMatch({ what, onClear }: { what: string; onClear: () => void }) {
  return (
    <EmptyState icon={SearchX} title={`No ${what} matches`}>
      <p>Try a wider time window, another state or fewer filters.</p>
      <Button className="mt-3" onClick={onClear}>
        Clear filters
      </Button>
    </EmptyState>
  );
}
