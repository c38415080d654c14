import { describe, expect, it } from "vitest";
import {
  EMPTY_FILTERS,
  filterParams,
  pageParams,
  parseDlqState,
  UNTYPED,
} from "@/components/dlq/dlq-filters";
import { STATES } from "@/components/dlq/state-badge";
import { DEAD_LETTER_STATES } from "@/lib/dead-letters/filter";
import { NO_SELECTION, selectedCount, selector, toggleId, togglePage } from "@/components/dlq/selection";

describe("the DLQ page's URL", () => {
  it("round-trips filters, view and sorts, leaving defaults out", () => {
    const url = new URLSearchParams(
      "view=groups&broker=rabbit&dlq=3&reason=rejected&state=failed_again&q=timeout&sort=attempts&order=asc&groupSort=lastSeen&from=2026-12-04T10:00:00.000Z",
    );
    const state = parseDlqState(url);
    expect(state).toMatchObject({ view: "groups", sort: "attempts", order: "asc", groupSort: "lastSeen" });
    expect(state.filters).toMatchObject({ broker: "rabbit", dlq: "3", state: "failed_again", q: "timeout" });
    expect(parseDlqState(pageParams(state))).toEqual(state);
    expect(pageParams(parseDlqState(new URLSearchParams())).toString()).toBe("");
  });

  it("knows the same states as the API's filter", () => {
    expect(STATES).toEqual([...DEAD_LETTER_STATES]);
  });

  it("maps untyped to the API's untyped=1 and drops values it cannot use", () => {
    expect(filterParams({ ...EMPTY_FILTERS, type: UNTYPED }).toString()).toBe("untyped=1");
    expect(parseDlqState(new URLSearchParams("untyped=1")).filters.type).toBe(UNTYPED);
    const odd = parseDlqState(new URLSearchParams("state=lost&from=yesterday&sort=size&view=x"));
    expect(odd).toMatchObject({ view: "messages", sort: "lastFailedAt", filters: { state: "", from: "" } });
  });
});

describe("the selection", () => {
  it("toggles rows and pages, and says what the bulk API gets", () => {
    let s = toggleId(NO_SELECTION, "a");
    s = toggleId(s, "b");
    expect(selectedCount(s, null)).toBe(2);
    expect(selector(s, () => ({}))).toEqual({ ids: ["a", "b"] });
    expect(toggleId(toggleId(s, "a"), "b")).toBe(NO_SELECTION);
    s = togglePage(NO_SELECTION, ["a", "b", "c"]);
    expect(selectedCount(s, null)).toBe(3);
    expect(togglePage(s, ["a", "b", "c"])).toBe(NO_SELECTION);
    const all = { kind: "filter", filter: { ...EMPTY_FILTERS, reason: "rejected" } } as const;
    expect(selectedCount(all, 120)).toBe(120);
    expect(selector(all, (f) => Object.fromEntries(filterParams(f)))).toEqual({
      filter: { reason: "rejected" },
    });
    expect(selector({ kind: "group", groupId: "g" }, () => ({}))).toEqual({ groupId: "g" });
    expect(selector(NO_SELECTION, () => ({}))).toBeNull();
  });
});
