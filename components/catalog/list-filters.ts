// The catalog list's search, filters and sort, kept in the page's URL (shareable, survives a
// reload and Back) with the same names the list API takes, so one function writes both.
import type { EventTypeListQuery } from "@/lib/catalog/api-types";

export type SortKey = NonNullable<EventTypeListQuery["sort"]>;
export type SortOrder = NonNullable<EventTypeListQuery["order"]>;

export const FACETS = ["broker", "channel", "producer", "owner", "tag"] as const;
export type Facet = (typeof FACETS)[number];

export type ListFilters = Record<Facet, string> & {
  q: string;
  drifted: boolean;
  violations: boolean;
  sort: SortKey;
  order: SortOrder;
};

export const SORTS: readonly { key: SortKey; label: string }[] = [
  { key: "name", label: "Name" },
  { key: "throughput", label: "Throughput" },
  { key: "lastSeen", label: "Last seen" },
];

/** The API's default direction per sort: names A→Z, the busiest and the most recent first. */
export function defaultOrder(sort: SortKey): SortOrder {
  return sort === "name" ? "asc" : "desc";
}

const MAX_TEXT = 200;

function text(params: URLSearchParams, key: string): string {
  return (params.get(key) ?? "").trim().slice(0, MAX_TEXT);
}

/** Reads the filters from a URL's query; anything unknown or malformed falls back to the default. */
export function parseListFilters(params: URLSearchParams): ListFilters {
  const sortParam = params.get("sort");
  const sort = SORTS.some((s) => s.key === sortParam) ? (sortParam as SortKey) : "name";
  const orderParam = params.get("order");
  const order = orderParam === "asc" || orderParam === "desc" ? orderParam : defaultOrder(sort);
  return {
    q: text(params, "q"),
    broker: text(params, "broker"),
    channel: text(params, "channel"),
    producer: text(params, "producer"),
    owner: text(params, "owner"),
    tag: text(params, "tag"),
    drifted: params.get("drifted") === "true",
    violations: params.get("violations") === "true",
    sort,
    order,
  };
}

/** The filters as a query string: only what differs from the defaults, in a stable order. */
export function listSearchParams(f: ListFilters): URLSearchParams {
  const q = new URLSearchParams();
  if (f.q) q.set("q", f.q);
  for (const facet of FACETS) if (f[facet]) q.set(facet, f[facet]);
  if (f.drifted) q.set("drifted", "true");
  if (f.violations) q.set("violations", "true");
  if (f.sort !== "name") q.set("sort", f.sort);
  if (f.order !== defaultOrder(f.sort)) q.set("order", f.order);
  return q;
}

/** True when something narrows the list (sorting does not). */
export function isFiltered(f: ListFilters): boolean {
  return f.q !== "" || FACETS.some((k) => f[k] !== "") || f.drifted || f.violations;
}

/** The same sort with no search or filter. */
export function clearedFilters(f: ListFilters): ListFilters {
  return { ...parseListFilters(new URLSearchParams()), sort: f.sort, order: f.order };
}
