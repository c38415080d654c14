// "Export YAML": every rule as the document `…/import` takes back, so teams keep rules in git. A
// plain download link (same-origin cookies ride along), styled as the small secondary button.
import { Download } from "lucide-react";
import clsx from "clsx";

export function ExportYamlLink({
  label = "Export YAML",
  size = "sm",
}: {
  label?: string;
  size?: "sm" | "md";
}) {
  return (
    <a
      href="/api/v1/alert-rules/export"
      download="alert-rules.yaml"
      className={clsx(
        "inline-flex shrink-0 items-center gap-2 rounded-md border border-line-strong bg-surface font-medium whitespace-nowrap text-fg hover:bg-surface-2 focus-visible:outline-2 focus-visible:outline-accent",
        size === "sm" ? "h-7 px-2.5 text-xs" : "h-9 px-3.5 text-sm",
      )}
    >
      <Download className="size-3.5" aria-hidden />
      {label}
    </a>
  );
}
