// The form's model against the contract it copies: the same kinds and scopes per kind, a rule read
// into the form and sent back unchanged, client hints, and server refusals placed on their fields.
import { describe, expect, it } from "vitest";
import {
  bodyOf,
  clientProblems,
  EMPTY_FORM,
  FORM_KINDS,
  formOf,
  SCOPES_OF,
  serverErrors,
  type FormState,
} from "@/components/alerts/rule-form-model";
import { RULE_KINDS, ruleInputSchema, type RuleInput } from "@/lib/alerts/rule-schema";

const SCOPES = {
  all: { kind: "all" },
  event_type: { kind: "event_type", type: "OrderPlaced" },
  channel: { kind: "channel", broker: "rabbit", channel: "shop.orders" },
  edge: {
    kind: "edge",
    direction: "consume",
    broker: "rabbit",
    channel: "shop.orders",
    service: "analytics",
  },
  service: { kind: "service", service: "analytics" },
  broker: { kind: "broker", broker: "rabbit" },
  dlq: { kind: "dlq", broker: "rabbit", channel: "shop.orders.dlq" },
} as const;

describe("rule form model", () => {
  it("offers the contract's kinds, and for each exactly the scopes it accepts", () => {
    expect([...FORM_KINDS]).toEqual([...RULE_KINDS]);
    const names = { type: "OrderPlaced", broker: "rabbit", channel: "shop.orders", service: "analytics" };
    for (const kind of RULE_KINDS)
      for (const scopeKind of Object.keys(SCOPES) as (keyof typeof SCOPES)[]) {
        const form: FormState = { ...EMPTY_FORM, ...names, name: "x", kind, scopeKind, threshold: "5" };
        const ok = ruleInputSchema.safeParse(bodyOf(form)).success;
        expect({ kind, scopeKind, ok }).toEqual({
          kind,
          scopeKind,
          ok: (SCOPES_OF[kind] as readonly string[]).includes(scopeKind),
        });
      }
  });

  it("reads a rule into the form and sends it back unchanged", () => {
    const inputs: RuleInput[] = [
      {
        name: "slow analytics",
        kind: "latency",
        scope: SCOPES.edge,
        params: { percentile: "p95", hop: "process", threshold: 800, resolveThreshold: 600 },
        window: "10m",
        for: "90s",
        severity: "critical",
        labels: { team: "data", tier: "2" },
        summary: "p95 {{value}} ms on {{scope}}",
        runbookUrl: "https://wiki.example.com/x",
        noData: "ok",
        onError: "keep_last",
        enabled: false,
      },
      { name: "quiet", kind: "throughput", scope: SCOPES.event_type, params: { condition: "absent" } },
      { name: "dlq", kind: "dlq_depth", scope: SCOPES.dlq, params: { condition: "growing", threshold: 2 } },
      { name: "drift", kind: "schema", scope: SCOPES.all, params: { signal: "drift", threshold: 0 } },
      { name: "down", kind: "collector_down", scope: SCOPES.broker, window: "2m" },
    ];
    for (const input of inputs) {
      const spec = ruleInputSchema.parse(input);
      expect(ruleInputSchema.parse(bodyOf(formOf(spec)))).toEqual(spec);
    }
  });

  it("hints at what it can see before sending", () => {
    const f: FormState = {
      ...EMPTY_FORM,
      threshold: "fast",
      window: "5 minutes",
      labels: [
        { key: "team", value: "a" },
        { key: "team", value: "b" },
        { key: "", value: "" },
      ],
      runbookUrl: "ftp://x",
    };
    expect(clientProblems(f)).toEqual({
      name: "must not be empty",
      "params.threshold": "must be a number",
      window: 'must be a duration such as "5m" or "1h"',
      "scope.type": "must not be empty",
      "labelRows.1.key": "is already a label",
      runbookUrl: "must be an http(s) URL",
    });
    expect(clientProblems({ ...EMPTY_FORM, name: "ok", type: "T", threshold: "500" })).toEqual({});
  });

  it("puts the server's refusals on their fields, a label's on its row", () => {
    const f: FormState = { ...EMPTY_FORM, labels: [{ key: "team", value: "x" }] };
    const details = [
      { path: "params.threshold", message: "must be more than 0 ms" },
      { path: "labels.team", message: "must not be empty" },
      { path: "", message: "unknown rule kind" },
    ];
    expect(serverErrors(details, f)).toEqual({
      "params.threshold": "must be more than 0 ms",
      "labelRows.0.value": "must not be empty",
      form: "unknown rule kind",
    });
  });
});
