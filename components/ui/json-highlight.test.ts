import { describe, expect, it } from "vitest";
import { prettyJson, tokenizeJson } from "@/components/ui/json-highlight";

describe("tokenizeJson", () => {
  it("tells keys from strings and keeps every character", () => {
    const pretty = prettyJson('{"a":"x:\\"y","n":-1.5e3,"ok":true,"z":null,"l":[1]}')!;
    const tokens = tokenizeJson(pretty);
    expect(tokens.map((t) => t.text).join("")).toBe(pretty);
    expect(tokens.filter((t) => t.kind === "key").map((t) => t.text)).toEqual([
      '"a"',
      '"n"',
      '"ok"',
      '"z"',
      '"l"',
    ]);
    expect(tokens.filter((t) => t.kind === "string").map((t) => t.text)).toEqual(['"x:\\"y"']);
    expect(tokens.filter((t) => t.kind === "number").map((t) => t.text)).toEqual(["-1500", "1"]);
    expect(tokens.filter((t) => t.kind === "literal").map((t) => t.text)).toEqual(["true", "null"]);
  });

  it("says when text is not JSON", () => {
    expect(prettyJson("not json")).toBeNull();
  });
});
