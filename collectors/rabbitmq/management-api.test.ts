// Unit tests: which dead-letter exchanges and queues the management API's queue rows name.
import { describe, expect, it } from "vitest";
import { deadLetterTargets } from "@/collectors/rabbitmq/management-api";

describe("deadLetterTargets", () => {
  it("reads queue arguments before policies, and default-exchange routing keys", () => {
    const { exchanges, direct } = deadLetterTargets([
      { name: "a", arguments: { "x-dead-letter-exchange": "dlx-a" } },
      { name: "b", arguments: {}, effective_policy_definition: { "dead-letter-exchange": "dlx-policy" } },
      {
        name: "c",
        arguments: { "x-dead-letter-exchange": "dlx-c" },
        effective_policy_definition: { "dead-letter-exchange": "x" },
      },
      { name: "d", arguments: { "x-dead-letter-exchange": "", "x-dead-letter-routing-key": "d.dlq" } },
      { name: "e", arguments: { "x-dead-letter-exchange": "" } },
      { name: "f", arguments: [] },
      null,
      "junk",
    ]);
    expect([...exchanges].sort()).toEqual(["dlx-a", "dlx-c", "dlx-policy"]);
    expect([...direct]).toEqual(["d.dlq"]);
  });
});
