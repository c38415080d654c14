// The placeholder for a section that is not built yet: says plainly what will be there.
import { Hammer } from "lucide-react";
import { Card } from "@/components/ui/card";

type Props = {
  /** One sentence: what the section is for. */
  summary: string;
  /** What it will show or let you do. */
  planned: string[];
  /** Where the data will come from, so nobody mistakes the plan for a feature. */
  source?: string;
};

export function ComingNext({ summary, planned, source }: Props) {
  return (
    <Card className="max-w-3xl">
      <div className="flex items-start gap-3 p-5">
        <span className="grid size-9 shrink-0 place-items-center rounded-md bg-accent-soft text-accent">
          <Hammer className="size-4" aria-hidden />
        </span>
        <div className="min-w-0">
          <h2 className="text-sm font-semibold text-fg">Coming next</h2>
          <p className="mt-1 text-fg-muted">{summary}</p>
          <ul className="mt-3 list-disc space-y-1 pl-5 text-fg-muted marker:text-fg-subtle">
            {planned.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
          {source && <p className="mt-3 text-xs text-fg-subtle">{source}</p>}
        </div>
      </div>
    </Card>
  );
}
