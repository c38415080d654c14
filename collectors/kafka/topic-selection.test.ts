import { describe, expect, it } from "vitest";
import { selectTopics } from "@/collectors/kafka/topic-selection";

const cluster = [
  "orders",
  "orders.DLT",
  "orders-retry-0",
  "payments.eu",
  "payments.us",
  "payments.us-dlq",
  "dlq-jdbc-sink",
  "audit",
  "my-orders",
];
const convention = { topics: [] as string[], convention: true };

describe("selectTopics", () => {
  it("resolves names and whole-name regexes; missing names are reported", () => {
    const s = selectTopics(cluster, {
      topics: ["audit", "/payments\\.(eu|us)/", "not-there"],
      deadLetters: { topics: [], convention: false },
    });
    expect(s).toEqual({
      events: ["audit", "payments.eu", "payments.us"],
      deadLetters: [],
      missing: ["not-there"],
    });
  });

  it("anchors regexes to the whole name", () => {
    expect(
      selectTopics(cluster, { topics: ["/orders/"], deadLetters: { topics: [], convention: false } }).events,
    ).toEqual(["orders"]);
  });

  it("with the convention, adds the dead-letter companions of selected topics and moves DLQ names out of events", () => {
    const s = selectTopics(cluster, { topics: ["orders", "/payments\\..*/"], deadLetters: convention });
    expect(s.events).toEqual(["orders", "payments.eu", "payments.us"]);
    expect(s.deadLetters).toEqual(["orders.DLT", "payments.us-dlq"]);
    // Retry topics are not dead letters; another team's DLQ is not taken unless selected.
    expect(s.deadLetters).not.toContain("orders-retry-0");
    expect(s.deadLetters).not.toContain("dlq-jdbc-sink");
  });

  it("takes configured dead-letter topics even with the convention off, never as events too", () => {
    const s = selectTopics(cluster, {
      topics: ["/.*/"],
      deadLetters: { topics: ["dlq-jdbc-sink", "audit"], convention: false },
    });
    expect(s.deadLetters).toEqual(["audit", "dlq-jdbc-sink"]);
    expect(s.events).not.toContain("audit");
    expect(s.events).toContain("orders.DLT"); // convention off: just a topic
  });

  it("reports a configured dead-letter topic that does not exist yet (Spring creates it at the first failure)", () => {
    const s = selectTopics(["orders"], {
      topics: ["orders"],
      deadLetters: { topics: ["orders-dlt"], convention: true },
    });
    expect(s).toEqual({ events: ["orders"], deadLetters: [], missing: ["orders-dlt"] });
    const later = selectTopics(["orders", "orders-dlt"], {
      topics: ["orders"],
      deadLetters: { topics: ["orders-dlt"], convention: true },
    });
    expect(later).toEqual({ events: ["orders"], deadLetters: ["orders-dlt"], missing: [] });
  });
});
