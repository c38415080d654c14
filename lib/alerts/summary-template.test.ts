import { describe, expect, it } from "vitest";
import { formatValue, renderTemplate, templateProblem } from "@/lib/alerts/summary-template";

const values = {
  value: "812.5",
  threshold: "500",
  scope: "type OrderPlaced",
  rule: "slow orders",
  severity: "critical",
  state: "firing",
  labels: { team: "payments" },
};

describe("summary templates", () => {
  it("renders the value, the scope and labels", () => {
    expect(renderTemplate("p99 {{value}} ms on {{ scope }} ({{labels.team}}, {{labels.none}})", values)).toBe(
      "p99 812.5 ms on type OrderPlaced (payments, )",
    );
  });

  it("refuses unknown variables and stray braces, saying where", () => {
    expect(templateProblem("p99 {{value}} ms on {{scope}}")).toBeNull();
    expect(templateProblem("no variables at all")).toBeNull();
    expect(templateProblem("p99 {{valeu}}")).toMatch(/unknown variable \{\{valeu\}\} at character 5/);
    expect(templateProblem("p99 {{value ms")).toMatch(/"\{\{" without a closing "\}\}"/);
    expect(templateProblem("p99 value}} ms")).toMatch(/"\}\}" without an opening "\{\{"/);
    expect(templateProblem("{{labels.}}")).toMatch(/unknown variable/);
  });

  it("formats values to three decimals", () => {
    expect(formatValue(812.34567)).toBe("812");
    expect(formatValue(7196.745)).toBe("7197");
    expect(formatValue(12.345)).toBe("12.3");
    expect(formatValue(0.012345)).toBe("0.0123");
    expect(formatValue(3)).toBe("3");
    expect(formatValue(null)).toBe("no data");
  });
});
