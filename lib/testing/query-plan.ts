// Tests that check how Postgres runs a statement: the nodes of its EXPLAIN (FORMAT JSON) plan.
export type PlanNode = {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Index Cond"?: string;
  Plans?: PlanNode[];
};

/** The rows of `EXPLAIN (FORMAT JSON) …`, as pg returns them. */
export type Explained = { "QUERY PLAN": { Plan: PlanNode }[] };

/** Every node of the plan, depth first (subplans and CTEs included). */
export function planNodes(rows: readonly Explained[]): PlanNode[] {
  const out: PlanNode[] = [];
  const walk = (n: PlanNode) => {
    out.push(n);
    n.Plans?.forEach(walk);
  };
  walk(rows[0]!["QUERY PLAN"][0]!.Plan);
  return out;
}
