// The rule form's scope picker: what the rule watches (the scopes its kind allows) and the names
// that scope needs. Names are typed, with suggestions from the last 24 h of the flow graph (a type
// expected to flow may not have flowed yet); an edge can be picked whole from the edges seen.
"use client";

import { useId, useMemo } from "react";
import { useQuery } from "@tanstack/react-query";
import {
  SCOPES_OF,
  type Direction,
  type FieldErrors,
  type FormState,
} from "@/components/alerts/rule-form-model";
import { fetchFlowGraph, flowKeys } from "@/components/flows/flows-api";
import { SelectField, TextField } from "@/components/ui/field";
import type { ScopeKind } from "@/lib/alerts/rule-schema";
import type { FlowGraph } from "@/lib/flows/api-types";

export const SCOPE_LABEL: Record<ScopeKind, string> = {
  all: "All traffic",
  event_type: "An event type",
  channel: "A channel",
  edge: "A flow edge",
  service: "A service",
  broker: "A broker",
  dlq: "A dead-letter queue",
};

const GRAPH = { window: "24h", broker: "", type: "", service: "", channel: "" } as const;

type Edge = { direction: Direction; broker: string; channel: string; service: string };
type Names = {
  types: string[];
  brokers: string[];
  services: string[];
  channels: { broker: string; name: string; dlq: boolean }[];
  edges: Edge[];
};

export const edgeKey = (e: Edge) => JSON.stringify([e.direction, e.broker, e.channel, e.service]);
export const edgeWords = (e: Edge) =>
  e.direction === "produce"
    ? `${e.service} → ${e.broker}/${e.channel}`
    : `${e.broker}/${e.channel} → ${e.service}`;

function namesOf(g: FlowGraph): Names {
  const node = new Map(g.nodes.map((n) => [n.id, n]));
  const edges: Edge[] = [];
  for (const e of g.edges) {
    if (e.kind === "dead_letter") continue;
    const [svc, ch] = e.kind === "produce" ? [e.source, e.target] : [e.target, e.source];
    const s = node.get(svc);
    const c = node.get(ch);
    if (s && c?.broker && s.id !== "svc:0")
      edges.push({ direction: e.kind, broker: c.broker, channel: c.name, service: s.name });
  }
  edges.sort((a, b) => edgeWords(a).localeCompare(edgeWords(b)));
  return {
    types: g.facets.types,
    brokers: g.facets.brokers,
    services: g.nodes.filter((n) => n.kind === "service" && n.id !== "svc:0").map((n) => n.name),
    channels: g.nodes
      .filter((n) => (n.kind === "channel" || n.kind === "dlq") && n.broker)
      .map((n) => ({ broker: n.broker!, name: n.name, dlq: n.kind === "dlq" })),
    edges,
  };
}

type Props = { f: FormState; errors: FieldErrors; set: (patch: Partial<FormState>) => void };

export function RuleFormScope({ f, errors, set }: Props) {
  const ids = useId();
  const q = useQuery({
    queryKey: flowKeys.graph(GRAPH),
    queryFn: ({ signal }) => fetchFlowGraph(GRAPH, signal),
    staleTime: 60_000,
  });
  const names = useMemo(() => (q.data ? namesOf(q.data) : null), [q.data]);
  const hint = q.isError
    ? "Names could not be loaded: type them."
    : q.isPending
      ? "Loading names…"
      : undefined;
  const channels = (names?.channels ?? []).filter(
    (c) => (f.scopeKind === "dlq") === c.dlq && (f.broker === "" || c.broker === f.broker),
  );
  const list = (id: string, values: string[]) => (
    <datalist id={`${ids}-${id}`}>
      {[...new Set(values)].map((v) => (
        <option key={v} value={v} />
      ))}
    </datalist>
  );
  const field = (k: "type" | "broker" | "channel" | "service", label: string, values: string[]) => (
    <>
      <TextField
        label={label}
        value={f[k]}
        onChange={(e) => set({ [k]: e.target.value })}
        list={`${ids}-${k}`}
        autoComplete="off"
        error={errors[`scope.${k}`]}
        hint={hint}
        required
      />
      {list(k, values)}
    </>
  );
  const k = f.scopeKind;
  const known = names?.edges ?? [];
  const current = known.find((e) => edgeKey(e) === edgeKey(f));
  return (
    <fieldset className="flex flex-col gap-3">
      <legend className="mb-2 text-sm font-semibold text-fg">Scope</legend>
      <SelectField
        label="Watches"
        value={k}
        onChange={(e) => set({ scopeKind: e.target.value as ScopeKind })}
        error={errors.scope ?? errors["scope.kind"]}
      >
        {SCOPES_OF[f.kind].map((s) => (
          <option key={s} value={s}>
            {SCOPE_LABEL[s]}
          </option>
        ))}
      </SelectField>
      {k === "event_type" && field("type", "Event type", names?.types ?? [])}
      {k === "edge" && (
        <SelectField
          label="Known edge"
          value={current ? edgeKey(current) : ""}
          onChange={(e) => {
            const edge = known.find((x) => edgeKey(x) === e.target.value);
            if (edge) set(edge);
          }}
          hint="Fills in the fields below; or type them."
        >
          <option value="">
            {known.length === 0 ? "No edges seen in the last 24 h" : "Choose an edge…"}
          </option>
          {known.map((e) => (
            <option key={edgeKey(e)} value={edgeKey(e)}>
              {edgeWords(e)}
            </option>
          ))}
        </SelectField>
      )}
      {k === "edge" && (
        <SelectField
          label="Direction"
          value={f.direction}
          onChange={(e) => set({ direction: e.target.value as Direction })}
          error={errors["scope.direction"]}
        >
          <option value="consume">Consume: channel → consumer</option>
          <option value="produce">Produce: producer → channel</option>
        </SelectField>
      )}
      {(k === "broker" || k === "channel" || k === "dlq" || k === "edge") &&
        field("broker", "Broker", names?.brokers ?? [])}
      {(k === "channel" || k === "dlq" || k === "edge") &&
        field(
          "channel",
          k === "dlq" ? "Dead-letter queue" : "Channel",
          channels.map((c) => c.name),
        )}
      {(k === "service" || k === "edge") && field("service", "Service", names?.services ?? [])}
    </fieldset>
  );
}
