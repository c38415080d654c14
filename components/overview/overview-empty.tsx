// Shown until the first event is stored: how to get data in.
import { Radio } from "lucide-react";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";

export function OverviewEmpty() {
  return (
    <Card>
      <EmptyState icon={Radio} title="No events yet">
        <p>
          No events yet — start the demo source or point a collector at{" "}
          <code className="font-mono text-fg">/api/v1/ingest</code>; see README.
        </p>
        <p className="mt-2 text-xs text-fg-subtle">
          This page updates by itself as soon as the first event is stored.
        </p>
      </EmptyState>
    </Card>
  );
}
