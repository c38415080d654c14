// A type's status at a glance: drifted (live traffic left the registered schema), violations
// (events that failed it), no schema (nothing inferred or registered yet).
import { Badge } from "@/components/ui/badge";
import { formatCount } from "@/lib/overview/format";

type Status = {
  drifted: boolean;
  violations: number;
  inferredVersion: number | null;
  registeredVersion: number | null;
};

/** `quiet`: nothing at all when all is well (a header), instead of a dash (a table cell). */
export function TypeStatus({ t, quiet }: { t: Status; quiet?: boolean }) {
  const none = t.inferredVersion === null && t.registeredVersion === null;
  if (!t.drifted && t.violations === 0 && !none)
    return quiet ? null : <span className="text-xs text-fg-subtle">—</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {t.drifted && <Badge tone="warn">drifted</Badge>}
      {t.violations > 0 && (
        <Badge tone="danger">
          {formatCount(t.violations)} {t.violations === 1 ? "violation" : "violations"}
        </Badge>
      )}
      {none && <Badge>no schema</Badge>}
    </span>
  );
}

/** "inferred v3" over "registered v2" (or a dash for the side that has none). */
export function SchemaVersions({ t }: { t: Status }) {
  return (
    <div className="flex flex-col text-xs leading-5 tabular-nums">
      <span className={t.inferredVersion === null ? "text-fg-subtle" : "text-fg-muted"}>
        inferred {t.inferredVersion === null ? "—" : `v${t.inferredVersion}`}
      </span>
      <span className={t.registeredVersion === null ? "text-fg-subtle" : "text-fg"}>
        registered {t.registeredVersion === null ? "—" : `v${t.registeredVersion}`}
      </span>
    </div>
  );
}
