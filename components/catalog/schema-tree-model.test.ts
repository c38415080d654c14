import { describe, expect, it } from "vitest";
import {
  allExpandable,
  initiallyExpanded,
  schemaTree,
  typeWords,
  visibleNodes,
} from "@/components/catalog/schema-tree-model";
import { inferSchema } from "@/lib/catalog/infer-schema";

const order = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  type: "object",
  required: ["id", "lines"],
  properties: {
    id: { type: "string", format: "uuid", description: "The order's id" },
    status: { type: "string", enum: ["new", "paid", null] },
    note: { type: ["string", "null"], maxLength: 200 },
    lines: {
      type: "array",
      items: {
        type: "object",
        required: ["sku"],
        properties: { sku: { type: "string" }, qty: { type: "integer", minimum: 1 } },
        additionalProperties: false,
      },
    },
    total: { anyOf: [{ type: "number" }, { type: "null" }] },
  },
};

describe("schema tree", () => {
  const root = schemaTree(order);
  const byId = (id: string) => {
    const found = [...visibleNodes(root, allExpandable(root))].find((v) => v.node.id === id);
    if (!found) throw new Error(`no node ${id}`);
    return found.node;
  };

  it("lists properties with type, format, required and description", () => {
    expect(root.children.map((c) => c.label)).toEqual(["id", "status", "note", "lines", "total"]);
    expect(byId("id")).toMatchObject({
      types: ["string"],
      format: "uuid",
      required: true,
      description: "The order's id",
    });
    expect(byId("status")).toMatchObject({ required: false, nullable: true, enumValues: ["new", "paid"] });
    expect(byId("note")).toMatchObject({
      types: ["string"],
      nullable: true,
      constraints: ["max length 200"],
    });
  });

  it("walks array items and their properties with drift-style paths", () => {
    expect(byId("lines[]").kind).toBe("items");
    expect(byId("lines[].sku")).toMatchObject({ required: true, types: ["string"] });
    expect(byId("lines[].qty").constraints).toEqual(["≥ 1"]);
    expect(byId("lines[]").constraints).toEqual(["no other properties"]);
  });

  it("shows anyOf branches, and null among them as nullable", () => {
    const total = byId("total");
    expect(total.nullable).toBe(true);
    expect(typeWords(total)).toBe("one of");
    expect(total.children.map((c) => c.label)).toEqual(["anyOf 1", "anyOf 2"]);
  });

  it("shows only the expanded parts, with levels for the tree's aria-level", () => {
    const first = visibleNodes(root, initiallyExpanded(root, 0));
    expect(first.map((v) => v.node.label)).toEqual(["payload", "id", "status", "note", "lines", "total"]);
    const two = visibleNodes(root, initiallyExpanded(root, 1)).map((v) => v.node.label);
    expect(two).toEqual(["payload", "id", "status", "note", "lines", "items", "total", "anyOf 1", "anyOf 2"]);
    expect(first[1]).toMatchObject({ level: 2, parentId: "" });
    const all = visibleNodes(root, allExpandable(root));
    expect(all.find((v) => v.node.id === "lines[].sku")?.level).toBe(4);
  });

  it("reads what inference produces", () => {
    const t = schemaTree(
      inferSchema([
        { a: 1, b: { c: "x" } },
        { a: 2.5, b: { c: null } },
      ]),
    );
    expect(t.children.map((c) => [c.label, typeWords(c), c.required])).toEqual([
      ["a", "number", true],
      ["b", "object", true],
    ]);
    expect(t.children[1]!.children[0]).toMatchObject({ label: "c", nullable: true, types: ["string"] });
  });

  it("copes with a schema that is not an object, and keeps __proto__ a plain key", () => {
    expect(schemaTree(true).children).toEqual([]);
    const t = schemaTree(JSON.parse('{"properties":{"__proto__":{"type":"string"}}}'));
    expect(t.children.map((c) => c.label)).toEqual(["__proto__"]);
  });
});
