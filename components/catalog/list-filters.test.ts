import { describe, expect, it } from "vitest";
import {
  clearedFilters,
  isFiltered,
  listSearchParams,
  parseListFilters,
} from "@/components/catalog/list-filters";

const parse = (qs: string) => parseListFilters(new URLSearchParams(qs));

describe("catalog list filters in the URL", () => {
  it("defaults to every type by name, A→Z", () => {
    const f = parse("");
    expect(f).toMatchObject({
      q: "",
      broker: "",
      drifted: false,
      violations: false,
      sort: "name",
      order: "asc",
    });
    expect(isFiltered(f)).toBe(false);
    expect(listSearchParams(f).toString()).toBe("");
  });

  it("round-trips every filter, writing only what differs from the defaults", () => {
    const qs =
      "q=order&broker=rabbit&channel=orders&producer=shop&owner=team-a&tag=pii&drifted=true&violations=true&sort=throughput";
    const f = parse(qs);
    expect(f).toMatchObject({ q: "order", tag: "pii", drifted: true, sort: "throughput", order: "desc" });
    expect(isFiltered(f)).toBe(true);
    expect(listSearchParams(f).toString()).toBe(qs);
  });

  it("keeps a direction other than the sort's default", () => {
    const f = parse("sort=lastSeen&order=asc");
    expect(f.order).toBe("asc");
    expect(listSearchParams(f).toString()).toBe("sort=lastSeen&order=asc");
    expect(isFiltered(f)).toBe(false); // sorting narrows nothing
  });

  it("falls back to defaults for unknown or malformed values", () => {
    const f = parse(`sort=size&order=sideways&drifted=yes&q=${"x".repeat(500)}`);
    expect(f.sort).toBe("name");
    expect(f.order).toBe("asc");
    expect(f.drifted).toBe(false);
    expect(f.q).toHaveLength(200);
  });

  it("trims the search, and clearing keeps the sort", () => {
    const f = parse("q=%20%20order%20&tag=a&sort=lastSeen");
    expect(f.q).toBe("order");
    const cleared = clearedFilters(f);
    expect(isFiltered(cleared)).toBe(false);
    expect(cleared.sort).toBe("lastSeen");
  });
});
