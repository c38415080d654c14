// "Export YAML": every rule as the document `…/import` takes back, so teams keep rules in git. A
// plain download link (same-origin cookies ride along), styled as the small secondary button.
import { Download } from "lucide-react";

export function ExportYamlLink({ label = "Export YAML" }: { label?: string }) {
  return (
    <a
      href="/api/v1/alert-rules/export"
      download="alert-rules.yaml"
      className="inline-flex h-7 shrink-0 items-center gap-2 rounded-md border border-line-strong bg-surface px-2.5 text-xs font-medium whitespace-nowrap text-fg hover:bg-surface-2 focus-visible:outline-2 focus-visible:outline-accent"
    >
      <Download className="size-3.5" aria-hidden />
      {label}
    </a>
  );
}
