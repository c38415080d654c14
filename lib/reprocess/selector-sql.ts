// A selector (ids, filter or group) as one SQL condition on the dead_letters alias `d`. A filter and a
// group go through the DLQ page's filterSql (so an action touches what the page shows: not the
// discarded ones unless the filter asks for them); ids mean exactly those, whatever their state.
import { filterSql } from "@/lib/dead-letters/filter";
import type { Selector } from "@/lib/reprocess/schemas";

export function selectorSql(selector: Selector, values: unknown[]): string {
  if ("ids" in selector) return `d.id = ANY($${values.push(selector.ids)}::uuid[])`;
  if ("groupId" in selector) return filterSql({ groupId: selector.groupId }, values);
  return filterSql(selector.filter, values);
}

/** What the audit log and the request keep of a selector: ids are summarised by their count. */
export function selectorSummary(selector: Selector): Record<string, unknown> {
  if ("ids" in selector) return { ids: selector.ids.length <= 10 ? selector.ids : selector.ids.length };
  return selector;
}

export function listIds(ids: readonly string[]): string {
  return ids.length <= 3 ? ids.join(", ") : `${ids.slice(0, 3).join(", ")} and ${ids.length - 3} more`;
}
