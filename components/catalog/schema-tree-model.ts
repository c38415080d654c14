// A JSON Schema as a tree to browse: one node per place of the payload (properties, array items,
// additional properties, the branches of anyOf/oneOf/allOf) with what the schema says of it —
// types, nullable, required, format, enum, description, a few constraints in words. Paths are
// written the way drift and compatibility messages write them (`order.lines[].sku`).

export type SchemaNode = {
  /** Unique within the tree; also the place's path ("" = the payload). */
  id: string;
  label: string;
  /** "property" nodes have a key; the others are places without one. */
  kind: "root" | "property" | "items" | "additional" | "branch";
  types: string[];
  nullable: boolean;
  /** Only for properties: listed in the parent's `required`. */
  required: boolean;
  format?: string;
  enumValues?: unknown[];
  description?: string;
  ref?: string;
  constraints: string[];
  children: SchemaNode[];
};

type Schema = Record<string, unknown>;

const MAX_DEPTH = 48; // a pathological (or cyclic-by-copy) document cannot hang the page
const CONSTRAINTS: readonly [keyword: string, words: string][] = [
  ["minimum", "≥"],
  ["exclusiveMinimum", ">"],
  ["maximum", "≤"],
  ["exclusiveMaximum", "<"],
  ["minLength", "min length"],
  ["maxLength", "max length"],
  ["pattern", "pattern"],
  ["minItems", "min items"],
  ["maxItems", "max items"],
  ["multipleOf", "multiple of"],
  ["const", "always"],
  ["default", "default"],
];

function asSchema(v: unknown): Schema | null {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Schema) : null;
}

function typeList(s: Schema): string[] {
  if (typeof s.type === "string") return [s.type];
  if (Array.isArray(s.type)) return s.type.filter((t): t is string => typeof t === "string");
  return [];
}

function branches(s: Schema): [string, Schema][] {
  const out: [string, Schema][] = [];
  for (const key of ["anyOf", "oneOf", "allOf"] as const) {
    const list = s[key];
    if (Array.isArray(list))
      list.forEach((b, i) => {
        const schema = asSchema(b);
        if (schema) out.push([`${key} ${i + 1}`, schema]);
      });
  }
  return out;
}

function join(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

function constraintsOf(s: Schema): string[] {
  const out: string[] = [];
  for (const [keyword, words] of CONSTRAINTS)
    if (s[keyword] !== undefined) out.push(`${words} ${JSON.stringify(s[keyword])}`);
  if (s.additionalProperties === false) out.push("no other properties");
  return out;
}

function node(
  s: Schema,
  id: string,
  label: string,
  kind: SchemaNode["kind"],
  required: boolean,
  depth: number,
): SchemaNode {
  const all = typeList(s);
  const enumValues = Array.isArray(s.enum) ? (s.enum as unknown[]) : undefined;
  const alternatives = branches(s);
  const nullable =
    all.includes("null") ||
    (enumValues?.includes(null) ?? false) ||
    alternatives.some(([, b]) => typeList(b).length === 1 && typeList(b)[0] === "null");
  const out: SchemaNode = {
    id,
    label,
    kind,
    types: all.filter((t) => t !== "null"),
    nullable,
    required,
    format: typeof s.format === "string" ? s.format : undefined,
    enumValues: enumValues?.filter((v) => v !== null),
    description: typeof s.description === "string" ? s.description : undefined,
    ref: typeof s.$ref === "string" ? s.$ref : undefined,
    constraints: constraintsOf(s),
    children: [],
  };
  if (depth >= MAX_DEPTH) return out;
  const props = asSchema(s.properties);
  const requiredKeys = new Set(Array.isArray(s.required) ? (s.required as unknown[]) : []);
  if (props)
    for (const key of Object.keys(props)) {
      const child = asSchema(props[key]) ?? {};
      out.children.push(node(child, join(id, key), key, "property", requiredKeys.has(key), depth + 1));
    }
  const items = asSchema(s.items);
  if (items && Object.keys(items).length > 0)
    out.children.push(node(items, `${id}[]`, "items", "items", false, depth + 1));
  const extra = asSchema(s.additionalProperties);
  if (extra && Object.keys(extra).length > 0)
    out.children.push(node(extra, join(id, "*"), "other properties", "additional", false, depth + 1));
  for (const [name, b] of alternatives)
    out.children.push(node(b, `${id}<${name}>`, name, "branch", false, depth + 1));
  return out;
}

export function schemaTree(schema: unknown): SchemaNode {
  return node(asSchema(schema) ?? {}, "", "payload", "root", false, 0);
}

/** The node's type in words: "string", "integer | string", "any". */
export function typeWords(n: SchemaNode): string {
  if (n.types.length > 0) return n.types.join(" | ");
  if (n.enumValues) return "enum";
  if (n.ref) return "ref";
  if (n.children.some((c) => c.kind === "branch")) return "one of";
  return n.nullable ? "null" : "any";
}

/** Ids of the nodes shown expanded at first: those down to `depth` (0 = the payload only). */
export function initiallyExpanded(root: SchemaNode, depth = 1): Set<string> {
  const out = new Set<string>();
  const walk = (n: SchemaNode, d: number) => {
    if (d > depth || n.children.length === 0) return;
    out.add(n.id);
    n.children.forEach((c) => walk(c, d + 1));
  };
  walk(root, 0);
  return out;
}

export function allExpandable(root: SchemaNode): Set<string> {
  const out = new Set<string>();
  const walk = (n: SchemaNode) => {
    if (n.children.length > 0) out.add(n.id);
    n.children.forEach(walk);
  };
  walk(root);
  return out;
}

export type VisibleNode = { node: SchemaNode; level: number; parentId: string | null };

/** The nodes on screen, in order, given which are expanded (the root is always shown). */
export function visibleNodes(root: SchemaNode, expanded: ReadonlySet<string>): VisibleNode[] {
  const out: VisibleNode[] = [];
  const walk = (n: SchemaNode, level: number, parentId: string | null) => {
    out.push({ node: n, level, parentId });
    if (expanded.has(n.id)) n.children.forEach((c) => walk(c, level + 1, n.id));
  };
  walk(root, 1, null);
  return out;
}
