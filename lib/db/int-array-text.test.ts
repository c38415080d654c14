// The int[] text decoder against what Postgres prints for the arrays the rollups hold.
import { describe, expect, it } from "vitest";
import { parseIntArrayText } from "@/lib/db/int-array-text";

describe("parseIntArrayText", () => {
  it("reads the integers of a one-dimensional int[], empty for {} and SQL NULL", () => {
    expect([...parseIntArrayText("{0,0,3,12,2147483647,-2147483648}")]).toEqual([
      0, 0, 3, 12, 2147483647, -2147483648,
    ]);
    expect([...parseIntArrayText("{7}")]).toEqual([7]);
    expect(parseIntArrayText("{}").length).toBe(0);
    expect(parseIntArrayText(null).length).toBe(0);
  });

  it("refuses what is not an int[] of integers, saying so", () => {
    for (const bad of ["{1,NULL,2}", "{1,,2}", "{{1,2},{3,4}}", "[0:1]={1,2}", "1,2", "{1.5}", "{1-2}"])
      expect(() => parseIntArrayText(bad), bad).toThrow(/int\[\]/);
  });
});
