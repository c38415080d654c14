// A small JSONPath subset for extraction rules: `$.a.b`, `$.items[0].id`, `$["odd key"]`. Rules
// point at one value; filters and wildcards are not needed for that and are refused at config time.

export type PathStep = string | number;

/** Parses a path into steps, or returns a readable reason. */
export function parseJsonPath(path: string): PathStep[] | string {
  if (!path.startsWith("$")) return 'must start with "$" (e.g. "$.type")';
  const steps: PathStep[] = [];
  const re = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]|\['((?:[^'\\]|\\.)*)'\]/y;
  re.lastIndex = 1;
  while (re.lastIndex < path.length) {
    const at = re.lastIndex;
    const m = re.exec(path);
    if (!m)
      return `cannot read the path at character ${at + 1} ("${path.slice(at, at + 10)}"); supported: .name, [0], ["name"]`;
    if (m[1] !== undefined) steps.push(m[1]);
    else if (m[2] !== undefined) steps.push(Number(m[2]));
    else steps.push((m[3] ?? m[4] ?? "").replace(/\\(.)/g, "$1"));
  }
  return steps;
}

export function readPath(value: unknown, steps: readonly PathStep[]): unknown {
  let cur = value;
  for (const step of steps) {
    if (cur === null || typeof cur !== "object") return undefined;
    if (typeof step === "number") {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[step];
    } else {
      if (Array.isArray(cur) || !Object.hasOwn(cur, step)) return undefined;
      cur = (cur as Record<string, unknown>)[step];
    }
  }
  return cur;
}
