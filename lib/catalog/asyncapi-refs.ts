// Local $refs of an AsyncAPI document ("#/components/…"), for the importer. A message, channel or
// oneOf entry that is a $ref is followed (a chain that loops is an error). A payload schema gets
// every $ref it uses copied in, so the registered schema stands alone: inlined where the reference
// does not recurse, and under "$defs" where it does (a tree of nodes refers to itself). A
// reference to another file is refused (nothing is fetched); one that is not found in the document
// is left as it is (it may be the payload's own "#/$defs/…", and ajv judges the result).
export class RefError extends Error {}

const MAX_HOPS = 32;
/** Guards a DAG of references that doubles at each level (a "billion laughs" of $refs). */
const MAX_NODES = 50_000;
const DATA_KEYWORDS = new Set(["enum", "const", "default", "examples", "example"]);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The value at a "#/a/b~1c" pointer of `doc`, or undefined. */
export function lookup(doc: unknown, ref: string): unknown {
  if (ref === "#") return doc;
  if (!ref.startsWith("#/")) return undefined;
  let at: unknown = doc;
  for (const raw of ref.slice(2).split("/")) {
    let key: string;
    try {
      key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    } catch {
      return undefined;
    }
    if (Array.isArray(at) && /^\d+$/.test(key)) at = at[Number(key)];
    else if (isObject(at) && Object.hasOwn(at, key)) at = at[key];
    else return undefined;
  }
  return at;
}

function checkLocal(ref: string, where: string): void {
  if (!ref.startsWith("#"))
    throw new RefError(
      `${where}: $ref ${JSON.stringify(ref)} points to another document; only references inside this document ("#/components/…") are followed — bundle the document first`,
    );
}

/** Follows a chain of $refs from `node` to the object it names. */
export function follow(doc: unknown, node: unknown, where: string): unknown {
  const seen: string[] = [];
  while (isObject(node) && typeof node.$ref === "string") {
    const ref = node.$ref;
    checkLocal(ref, where);
    if (seen.includes(ref) || seen.length >= MAX_HOPS)
      throw new RefError(`${where}: $ref ${JSON.stringify(ref)} loops (${[...seen, ref].join(" → ")})`);
    seen.push(ref);
    const target = lookup(doc, ref);
    if (target === undefined)
      throw new RefError(`${where}: $ref ${JSON.stringify(ref)} is not in the document`);
    node = target;
  }
  return node;
}

function defName(ref: string, taken: Set<string>): string {
  const base = (ref.split("/").pop() ?? "def").replace(/[^A-Za-z0-9._-]/g, "_") || "def";
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
  taken.add(name);
  return name;
}

/** The payload schema with its document references copied in (see the top of this file). */
export function standalonePayload(doc: unknown, payload: unknown, where: string): unknown {
  const rootDefs = isObject(payload) && isObject(payload.$defs) ? payload.$defs : {};
  const taken = new Set(Object.keys(rootDefs));
  const defs = new Map<string, string>(); // ref → name under $defs
  let nodes = 0;

  const expand = (node: unknown, stack: readonly string[]): unknown => {
    if (++nodes > MAX_NODES)
      throw new RefError(
        `${where}: the payload schema passes ${MAX_NODES} nodes once its $refs are copied in`,
      );
    if (Array.isArray(node)) return node.map((n) => expand(n, stack));
    if (!isObject(node)) return node;
    const { $ref: ref, ...rest } = node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(rest)) out[k] = DATA_KEYWORDS.has(k) ? v : expand(v, stack);
    if (typeof ref !== "string") return ref === undefined ? out : { ...out, $ref: ref };
    checkLocal(ref, where);
    const target = lookup(doc, ref);
    if (target === undefined) return { ...out, $ref: ref };
    if (stack.includes(ref)) {
      if (!defs.has(ref)) defs.set(ref, defName(ref, taken));
      return { ...out, $ref: `#/$defs/${defs.get(ref)!}` };
    }
    const inlined = expand(target, [...stack, ref]);
    if (Object.keys(out).length === 0) return inlined;
    // Keywords beside a $ref apply together with it (2020-12), as allOf says.
    const allOf = Array.isArray(out.allOf) ? out.allOf : [];
    return { ...out, allOf: [...allOf, inlined] };
  };

  const root = expand(payload, []);
  if (defs.size === 0) return root;
  const extra: Record<string, unknown> = {};
  for (const [ref, name] of defs) extra[name] = expand(lookup(doc, ref), [ref]); // may add to defs
  const base = isObject(root) ? root : { allOf: [root] };
  return { ...base, $defs: { ...(isObject(base.$defs) ? base.$defs : {}), ...extra } };
}
