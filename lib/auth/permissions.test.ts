import { describe, expect, it } from "vitest";
import { PERMISSIONS, permissionsOf, roleCan } from "@/lib/auth/permissions";

describe("roles", () => {
  it("gives viewers read only, operators the DLQ/catalog/silence actions, admins everything", () => {
    expect(permissionsOf("viewer")).toEqual(["events:read", "payloads:read"]);
    expect(permissionsOf("operator")).toEqual([
      "events:read",
      "payloads:read",
      "dlq:reprocess",
      "dlq:discard",
      "catalog:edit",
      "alerts:silence",
    ]);
    expect(permissionsOf("admin")).toEqual([...PERMISSIONS]);
  });

  it("takes payloads from viewers only when payload viewing is restricted", () => {
    const restricted = { restrictPayloads: true };
    expect(roleCan("viewer", "payloads:read", restricted)).toBe(false);
    expect(roleCan("operator", "payloads:read", restricted)).toBe(true);
    expect(roleCan("admin", "payloads:read", restricted)).toBe(true);
    expect(roleCan("viewer", "events:read", restricted)).toBe(true);
  });

  it("grants nothing to an unknown role", () => {
    for (const p of PERMISSIONS) expect(roleCan("root", p)).toBe(false);
    expect(permissionsOf("")).toEqual([]);
  });
});
