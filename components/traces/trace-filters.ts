// The trace search's filters as the page's URL carries them (/traces?traceId=…&type=…&range=1h…),
// and as the API's query. Pure, so the URL round trip is unit-tested.
export const RANGE_OPTIONS = [
  { value: "15m", label: "Last 15 minutes" },
  { value: "1h", label: "Last hour" },
  { value: "6h", label: "Last 6 hours" },
  { value: "24h", label: "Last 24 hours" },
  { value: "7d", label: "Last 7 days" },
  { value: "", label: "Any time" },
] as const;
export type RangeValue = (typeof RANGE_OPTIONS)[number]["value"];

export type TraceFilters = {
  traceId: string;
  messageId: string;
  type: string;
  service: string;
  minDurationMs: string;
  error: boolean;
  range: RangeValue;
  from: string;
  to: string;
};

export const EMPTY_FILTERS: TraceFilters = {
  traceId: "",
  messageId: "",
  type: "",
  service: "",
  minDurationMs: "",
  error: false,
  range: "",
  from: "",
  to: "",
};

const TEXT_KEYS = ["traceId", "messageId", "type", "service", "minDurationMs", "from", "to"] as const;

export function parseTraceFilters(params: URLSearchParams): TraceFilters {
  const out: TraceFilters = { ...EMPTY_FILTERS };
  for (const k of TEXT_KEYS) out[k] = params.get(k)?.trim() ?? "";
  out.error = params.get("error") === "1" || params.get("error") === "true";
  const range = params.get("range") ?? "";
  out.range = RANGE_OPTIONS.some((r) => r.value === range) ? (range as RangeValue) : "";
  return out;
}

/** The URL's (and the API's) query for these filters; empty ones are left out. */
export function traceSearchParams(f: TraceFilters): URLSearchParams {
  const q = new URLSearchParams();
  for (const k of TEXT_KEYS) if (f[k] !== "") q.set(k, f[k]);
  if (f.error) q.set("error", "1");
  // A fixed from/to wins over a moving range (the API takes one or the other).
  if (f.range !== "" && f.from === "") q.set("range", f.range);
  return q;
}

export function isFiltered(f: TraceFilters): boolean {
  return traceSearchParams(f).toString() !== "";
}

export function traceHref(traceId: string): string {
  return `/traces/${traceId}`;
}
