import { describe, expect, it } from "vitest";
import { foldUnchanged, prettyCanonical, sideBySide } from "@/components/catalog/side-by-side";

const v1 = {
  type: "object",
  required: ["amount", "id"],
  properties: { id: { type: "string", format: "uuid" }, amount: { type: "number" } },
};
const v2 = {
  properties: {
    amount: { type: "string" },
    id: { format: "uuid", type: "string" },
    note: { type: "string" },
  },
  required: ["amount", "id"],
  type: "object",
};

describe("side-by-side schema diff", () => {
  it("ignores key order: the same schema written twice has no change", () => {
    const reordered = { properties: v1.properties, required: v1.required, type: "object" };
    const rows = sideBySide(prettyCanonical(v1), prettyCanonical(reordered));
    expect(rows.every((r) => r.kind === "same")).toBe(true);
  });

  it("puts a changed line beside its replacement and numbers each side on its own", () => {
    const rows = sideBySide(prettyCanonical(v1), prettyCanonical(v2));
    const changed = rows.filter((r) => r.kind === "changed");
    expect(changed).toHaveLength(1);
    expect(changed[0]!.left!.text.trim()).toBe('"type": "number"');
    expect(changed[0]!.right!.text.trim()).toBe('"type": "string"');
    const added = rows.filter((r) => r.kind === "added").map((r) => r.right!.text.trim());
    expect(added).toContain('"note": {');
    // Every line of each side appears once, in order.
    const left = rows.flatMap((r) => (r.left ? [r.left.n] : []));
    const right = rows.flatMap((r) => (r.right ? [r.right.n] : []));
    expect(left).toEqual(
      prettyCanonical(v1)
        .split("\n")
        .map((_, i) => i + 1),
    );
    expect(right).toEqual(
      prettyCanonical(v2)
        .split("\n")
        .map((_, i) => i + 1),
    );
  });

  it("shows a removed line against a blank", () => {
    const rows = sideBySide("a\nb\nc", "a\nc");
    expect(rows.map((r) => r.kind)).toEqual(["same", "removed", "same"]);
    expect(rows[1]).toMatchObject({ left: { n: 2, text: "b" }, right: null });
    expect(rows[2]).toMatchObject({ left: { n: 3 }, right: { n: 2 } });
  });

  it("pairs the shorter of a removed and an added run, then lists the rest", () => {
    const rows = sideBySide("x\n1\n2\n3\ny", "x\nA\ny");
    expect(rows.map((r) => r.kind)).toEqual(["same", "changed", "removed", "removed", "same"]);
  });

  it("folds long unchanged runs, keeping context around changes", () => {
    const a = Array.from({ length: 30 }, (_, i) => `line ${i}`);
    const b = [...a];
    b[15] = "changed";
    const items = foldUnchanged(sideBySide(a.join("\n"), b.join("\n")), 3);
    expect(items.map((i) => i.kind)).toEqual([
      "fold",
      "same",
      "same",
      "same",
      "changed",
      "same",
      "same",
      "same",
      "fold",
    ]);
    const folded = items.filter((i) => i.kind === "fold").map((i) => (i.kind === "fold" ? i.rows.length : 0));
    expect(folded).toEqual([12, 11]);
  });

  it("does not fold a run barely longer than its context", () => {
    const items = foldUnchanged(sideBySide("a\nb\nc\nd", "a\nb\nc\nX"), 3);
    expect(items.some((i) => i.kind === "fold")).toBe(false);
  });
});
