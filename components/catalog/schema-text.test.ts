import { describe, expect, it } from "vitest";
import { parseSchemaText } from "@/components/catalog/schema-text";

describe("a schema typed or uploaded", () => {
  it("accepts a JSON object", () => {
    expect(parseSchemaText('  {"type":"object"} ')).toEqual({ schema: { type: "object" } });
  });

  it.each([
    ["", /Paste a JSON Schema/],
    ["   \n", /Paste a JSON Schema/],
    ["{type: object}", /not valid JSON/],
    ["[1, 2]", /JSON object/],
    ["null", /JSON object/],
    ['"a string"', /JSON object/],
  ])("refuses %j with a reason", (text, reason) => {
    const r = parseSchemaText(text);
    expect("error" in r && r.error).toMatch(reason);
  });
});
