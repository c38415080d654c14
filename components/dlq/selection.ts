// What the user has selected on the DLQ page, in the shape the bulk actions' API takes
// ({ ids } | { filter } | { groupId }): single rows, everything matching the filter (not only the
// rows loaded so far), or one failure group. Pure; the page keeps it in React state.
import type { DlqFilters } from "@/components/dlq/dlq-filters";

export type Selection =
  | { kind: "none" }
  | { kind: "ids"; ids: ReadonlySet<string> }
  | { kind: "filter"; filter: DlqFilters }
  | { kind: "group"; groupId: string };

export const NO_SELECTION: Selection = { kind: "none" };

export function toggleId(s: Selection, id: string): Selection {
  const ids = new Set(s.kind === "ids" ? s.ids : []);
  if (ids.has(id)) ids.delete(id);
  else ids.add(id);
  return ids.size === 0 ? NO_SELECTION : { kind: "ids", ids };
}

/** Every loaded row on, or (when all are on already) off. */
export function togglePage(s: Selection, pageIds: readonly string[]): Selection {
  const on = s.kind === "ids" && pageIds.every((id) => s.ids.has(id));
  return on || pageIds.length === 0 ? NO_SELECTION : { kind: "ids", ids: new Set(pageIds) };
}

export function isSelected(s: Selection, id: string): boolean {
  return s.kind === "filter" || (s.kind === "ids" && s.ids.has(id));
}

/** How many dead letters the selection means, when known (a filter's size is the list's count). */
export function selectedCount(s: Selection, matching: number | null): number | null {
  if (s.kind === "ids") return s.ids.size;
  if (s.kind === "filter") return matching;
  return s.kind === "none" ? 0 : null;
}

/** The selector the reprocess / discard API takes. */
export function selector(
  s: Selection,
  toApiFilter: (f: DlqFilters) => Record<string, string>,
): { ids: string[] } | { filter: Record<string, string> } | { groupId: string } | null {
  switch (s.kind) {
    case "ids":
      return { ids: [...s.ids] };
    case "filter":
      return { filter: toApiFilter(s.filter) };
    case "group":
      return { groupId: s.groupId };
    default:
      return null;
  }
}
