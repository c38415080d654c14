// One schema version in the history: number, source, first seen, producers, compatibility verdict
// with each breaking change in words, and Compare (with the version before). On phones the other
// columns fold under the number.
import { ChangeList } from "@/components/catalog/breaking-changes";
import { MODE_TEXT } from "@/components/catalog/compatibility-text";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { LocalTime } from "@/components/ui/local-time";
import type { SchemaVersionView } from "@/lib/catalog/api-types";

/** Every column but the first: from the small breakpoint up. */
export const WIDE_ONLY = "hidden sm:table-cell";

type Props = {
  v: SchemaVersionView;
  /** The oldest of its source: inferred versions are checked against inferred ones, registered against registered. */
  first: boolean;
  onCompare?: () => void;
};

export function VersionRow({ v, first, onCompare }: Props) {
  const source = <Badge tone={v.source === "registered" ? "accent" : "neutral"}>{v.source}</Badge>;
  const producers =
    v.producers.length > 0 ? v.producers.join(", ") : <span className="text-fg-subtle">—</span>;
  const compare = onCompare && (
    <Button
      size="sm"
      variant="ghost"
      onClick={onCompare}
      aria-label={`Compare v${v.version} with the version before`}
    >
      Compare
    </Button>
  );
  return (
    <tr className="border-t border-line align-top" data-version={v.version}>
      <td className="px-4 py-2.5">
        <span className="font-medium tabular-nums text-fg">v{v.version}</span>
        <div className="mt-1.5 flex flex-col gap-1.5 text-xs text-fg-muted sm:hidden">
          <span className="flex flex-wrap items-center gap-2">
            {source}
            <LocalTime iso={v.firstSeenAt} format="datetime" />
            {v.producers.length > 0 && <span>by {v.producers.join(", ")}</span>}
          </span>
          <Verdict v={v} first={first} />
          {compare && <span>{compare}</span>}
        </div>
      </td>
      <td className={`px-4 py-2.5 ${WIDE_ONLY}`}>{source}</td>
      <td className={`px-4 py-2.5 text-fg-muted ${WIDE_ONLY}`}>
        <LocalTime iso={v.firstSeenAt} format="datetime" />
      </td>
      <td className={`truncate px-4 py-2.5 text-fg-muted ${WIDE_ONLY}`} title={v.producers.join(", ")}>
        {producers}
      </td>
      <td className={`px-4 py-2.5 ${WIDE_ONLY}`}>
        <Verdict v={v} first={first} />
      </td>
      <td className={`px-4 py-2 text-right ${WIDE_ONLY}`}>{compare}</td>
    </tr>
  );
}

function Verdict({ v, first }: { v: SchemaVersionView; first: boolean }) {
  const c = v.compatibility;
  if (!c || (first && c.breakingChanges.length === 0))
    return <span className="text-xs text-fg-subtle">first {v.source}, nothing to check against</span>;
  const mode = MODE_TEXT[c.mode].label.toLowerCase();
  if (c.mode === "NONE") return <Badge>not checked</Badge>;
  if (c.compatible)
    return (
      <span className="flex items-center gap-2 text-xs text-fg-muted">
        <Badge tone="ok">compatible</Badge>
        {mode}
      </span>
    );
  return (
    <div className="flex flex-col gap-1.5">
      <span className="flex items-center gap-2 text-xs text-fg-muted">
        <Badge tone="danger">breaking</Badge>
        {mode}
      </span>
      <ChangeList changes={c.breakingChanges} label={`Breaking changes in v${v.version}`} />
    </div>
  );
}
