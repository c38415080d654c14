// Which active payload shapes make a type's current schema. A summary over every sample only ever
// widens, so a field that changed type (amount: number → string) would stay "number | string" for
// as long as old events flow. Instead, the newest shape always counts, and each older one joins
// only when it does not contradict those already taken: a shape that merely lacks or adds a key
// joins (the key becomes optional), one whose `amount` is a number while the newer one's is a
// string does not — so the change shows at once, as a new version.
import { emptySummary, mergeSummaries, type JsonType, type Summary } from "@/lib/catalog/infer-schema";

function nonNullTypes(s: Summary): Set<JsonType> {
  const out = new Set<JsonType>();
  for (const [t, n] of Object.entries(s.types) as [JsonType, number][]) if (n > 0 && t !== "null") out.add(t);
  return out;
}

/** Whether a reader of types `a` takes every value of types `b` (integer ⊂ number). */
function acceptsAll(a: Set<JsonType>, b: Set<JsonType>): boolean {
  for (const t of b) if (!a.has(t) && !(t === "integer" && a.has("number"))) return false;
  return true;
}

/** True when somewhere both have non-null types and neither accepts the other's. */
export function shapesConflict(a: Summary, b: Summary): boolean {
  const at = nonNullTypes(a);
  const bt = nonNullTypes(b);
  if (at.size > 0 && bt.size > 0 && !acceptsAll(at, bt) && !acceptsAll(bt, at)) return true;
  if (at.has("object") && bt.has("object") && a.properties && b.properties) {
    for (const key of Object.keys(a.properties)) {
      if (!Object.hasOwn(b.properties, key)) continue;
      if (shapesConflict(a.properties[key]!.summary, b.properties[key]!.summary)) return true;
    }
  }
  if (at.has("array") && bt.has("array") && a.items && b.items) return shapesConflict(a.items, b.items);
  return false;
}

/**
 * From shapes ordered newest first: the indexes of those taken and the merge of their summaries
 * (a new object; the inputs are not changed). Empty input → nothing taken.
 */
export function selectShapes(newestFirst: readonly Summary[]): { taken: number[]; merged: Summary } {
  const merged = emptySummary();
  const taken: number[] = [];
  newestFirst.forEach((s, i) => {
    if (taken.length > 0 && shapesConflict(merged, s)) return;
    mergeSummaries(merged, s);
    taken.push(i);
  });
  return { taken, merged };
}
