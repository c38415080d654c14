// The DLQ page's state as its URL carries it (/dlq?view=groups&reason=rejected&sort=attempts…):
// the shared filter's fields, the Messages | Groups view and the list's sort. Pure, so the URL
// round trip is unit-tested. A time range is written as an absolute `from`, so every page of a
// cursor walk (and a shared link) means the same window.
import { STATES } from "@/components/dlq/state-badge";
import type { DeadLetterState } from "@/lib/dead-letters/filter";
import type { DeadLetterSort, GroupSort } from "@/lib/dead-letters/schemas";

export type DlqView = "messages" | "groups";

export type DlqFilters = {
  broker: string;
  dlq: string;
  type: string;
  reason: string;
  /** "" = the API's default (everything but discarded) */
  state: DeadLetterState | "";
  from: string;
  q: string;
  /** one failure group (the Groups view's "messages of this group") */
  groupId: string;
};

export type DlqPageState = {
  view: DlqView;
  filters: DlqFilters;
  sort: DeadLetterSort;
  order: "asc" | "desc";
  groupSort: GroupSort;
};

export const EMPTY_FILTERS: DlqFilters = {
  broker: "",
  dlq: "",
  type: "",
  reason: "",
  state: "",
  from: "",
  q: "",
  groupId: "",
};

const FILTER_KEYS = ["broker", "dlq", "type", "reason", "from", "q", "groupId"] as const;
/** The type dropdown's value for dead letters without an event type (the API's `untyped=1`). */
export const UNTYPED = "\u0000untyped";

export const RANGE_OPTIONS = [
  { minutes: 15, label: "Last 15 minutes" },
  { minutes: 60, label: "Last hour" },
  { minutes: 24 * 60, label: "Last 24 hours" },
  { minutes: 7 * 24 * 60, label: "Last 7 days" },
] as const;

export function parseDlqState(params: URLSearchParams): DlqPageState {
  const filters: DlqFilters = { ...EMPTY_FILTERS };
  for (const k of FILTER_KEYS) filters[k] = params.get(k)?.trim() ?? "";
  if (params.get("untyped") === "1") filters.type = UNTYPED;
  const state = params.get("state") ?? "";
  filters.state = (STATES as readonly string[]).includes(state) ? (state as DeadLetterState) : "";
  if (filters.from && Number.isNaN(Date.parse(filters.from))) filters.from = "";
  const sort = params.get("sort");
  return {
    view: params.get("view") === "groups" ? "groups" : "messages",
    filters,
    sort: sort === "firstFailedAt" || sort === "attempts" ? sort : "lastFailedAt",
    order: params.get("order") === "asc" ? "asc" : "desc",
    groupSort: params.get("groupSort") === "lastSeen" ? "lastSeen" : "count",
  };
}

/** The API's filter query for these filters; empty ones are left out. */
export function filterParams(f: DlqFilters): URLSearchParams {
  const q = new URLSearchParams();
  for (const k of FILTER_KEYS) if (f[k] !== "" && !(k === "type" && f.type === UNTYPED)) q.set(k, f[k]);
  if (f.type === UNTYPED) q.set("untyped", "1");
  if (f.state !== "") q.set("state", f.state);
  return q;
}

/** The page's URL query: the filter plus the view and sorts when not the defaults. */
export function pageParams(s: DlqPageState): URLSearchParams {
  const q = filterParams(s.filters);
  if (s.view === "groups") q.set("view", "groups");
  if (s.sort !== "lastFailedAt") q.set("sort", s.sort);
  if (s.order !== "desc") q.set("order", s.order);
  if (s.groupSort !== "count") q.set("groupSort", s.groupSort);
  return q;
}

export function isFiltered(f: DlqFilters): boolean {
  return filterParams(f).toString() !== "";
}

/** The Messages view narrowed to one failure group. */
export function groupHref(groupId: string): string {
  return `/dlq?groupId=${groupId}`;
}

export function deadLetterHref(id: string): string {
  return `/dlq/${id}`;
}
