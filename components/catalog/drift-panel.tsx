// Drift: where live traffic (the newest inferred schema) no longer matches the registered schema —
// fields the schema does not declare, required fields the traffic does not always carry, changed
// types — each change in words.
import { TriangleAlert } from "lucide-react";
import { CodeWords } from "@/components/catalog/code-words";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import type { Drift, DriftKind } from "@/lib/catalog/drift";

const KIND: Record<DriftKind, { label: string; tone: "warn" | "danger" | "neutral" }> = {
  added: { label: "new field", tone: "neutral" },
  missing: { label: "missing", tone: "warn" },
  type: { label: "type changed", tone: "danger" },
};

export function DriftPanel({ drift }: { drift: Drift }) {
  return (
    <Card as="section" aria-labelledby="drift-title" className="border-warn/40">
      <CardHeader
        id="drift-title"
        title="Drift"
        hint={`live traffic (inferred v${drift.inferredVersion}) against registered v${drift.registeredVersion}`}
        actions={<TriangleAlert className="size-4 text-warn" aria-hidden />}
      />
      <ul aria-label="Drift" className="flex flex-col divide-y divide-line">
        {drift.changes.map((c, i) => (
          <li
            key={`${i}-${c.path}`}
            className="flex flex-wrap items-baseline gap-x-3 gap-y-1 px-4 py-2 text-sm"
          >
            <span className="w-28 shrink-0">
              <Badge tone={KIND[c.kind].tone}>{KIND[c.kind].label}</Badge>
            </span>
            <span className="min-w-0 flex-1 text-fg">
              <CodeWords text={c.message} />
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
