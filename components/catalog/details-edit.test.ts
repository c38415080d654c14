import { describe, expect, it } from "vitest";
import { detailsEdit, parseTags } from "@/components/catalog/details-edit";

const before = { description: "Placed orders", owner: "team-a", tags: ["orders", "pii"] };

describe("editing a type's details", () => {
  it("trims tags, drops empty ones and duplicates, keeping the order", () => {
    expect(parseTags(" pii, orders,,pii ,  ")).toEqual(["pii", "orders"]);
  });

  it("sends only what changed", () => {
    expect(detailsEdit(before, "Placed orders", "team-a", "orders, pii")).toEqual({});
    expect(detailsEdit(before, " Placed orders ", "team-b", "orders,pii")).toEqual({ owner: "team-b" });
    expect(detailsEdit(before, "Placed orders", "team-a", "pii, orders")).toEqual({
      tags: ["pii", "orders"],
    });
  });

  it("clears a field emptied by the person", () => {
    expect(detailsEdit(before, "  ", "", "")).toEqual({ description: null, owner: null, tags: [] });
  });
});
