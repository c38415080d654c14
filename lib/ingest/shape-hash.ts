// The structural hash of a payload: key names and value types, independent of key order, arrays as
// the set of their elements' shapes. Two 32-bit lanes (64 bits) built in one walk without sorting,
// strings or crypto: key/child pairs are mixed and summed (a sum does not care about order, which
// is what "sorted keys" means). Redaction happens in the same walk (one pass over the payload).
import { REDACTED, type Redactor } from "@/lib/ingest/redact";

/** Deeper payloads are refused: the walk and JSON.stringify recurse, and no real event nests so. */
export const MAX_DEPTH = 64;

export type WalkState = { redactor: Redactor | null; sizeDelta: number; tooDeep: boolean };

// murmur3's finaliser, with two constant sets for the two lanes.
function mixA(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
function mixB(h: number): number {
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h = Math.imul(h ^ (h >>> 12), 0x297a2d39);
  return (h ^ (h >>> 15)) >>> 0;
}

const keyHashes = new Map<string, number>();
function keyHash(key: string): number {
  let h = keyHashes.get(key);
  if (h === undefined) {
    h = 0x811c9dc5; // FNV-1a
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    h >>>= 0;
    if (keyHashes.size >= 50_000) keyHashes.clear(); // bounded: payloads keyed by ids must not grow it forever
    keyHashes.set(key, h);
  }
  return h;
}

const NULL = 0x6e,
  STRING = 0x73,
  NUMBER = 0x64,
  BOOLEAN = 0x62,
  OTHER = 0x75;
// Containers are tagged after their members are summed, so {} and [] (empty sums) still differ.
const OBJECT = 0x5bd1e995,
  ARRAY = 0x27d4eb2f;

/** Lane B of the value last walked (walk returns lane A): no allocation per node. */
let laneB = 0;

function jsonBytes(v: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(v) ?? "");
  } catch {
    return 0; // too deep to measure; only the reported size is affected
  }
}

function leaf(code: number): number {
  laneB = mixB(code);
  return mixA(code);
}

function walkArray(arr: unknown[], depth: number, st: WalkState): number {
  let a = 0;
  let b = 0;
  // The set of distinct element shapes; arrays are nearly always uniform, so usually one entry.
  const seenA: number[] = [];
  const seenB: number[] = [];
  for (const item of arr) {
    const ia = walk(item, depth + 1, st);
    const ib = laneB;
    let known = false;
    for (let k = 0; k < seenA.length; k++) if (seenA[k] === ia && seenB[k] === ib) known = true;
    if (known) continue;
    seenA.push(ia);
    seenB.push(ib);
    a = (a + mixA(ia ^ 0x9e3779b9)) | 0;
    b = (b + mixB(ib ^ 0x7f4a7c15)) | 0;
  }
  laneB = mixB(b ^ ARRAY);
  return mixA(a ^ ARRAY);
}

function walkObject(obj: Record<string, unknown>, depth: number, st: WalkState): number {
  let a = 0;
  let b = 0;
  for (const key in obj) {
    if (!Object.hasOwn(obj, key)) continue;
    let ca: number;
    let cb: number;
    if (st.redactor?.matches(key)) {
      st.sizeDelta += jsonBytes(obj[key]) - REDACTED_JSON_BYTES;
      obj[key] = REDACTED;
      ca = leaf(STRING);
      cb = laneB;
    } else {
      ca = walk(obj[key], depth + 1, st);
      cb = laneB;
    }
    const k = keyHash(key);
    a = (a + mixA(k ^ Math.imul(ca, 0x9e3779b1))) | 0;
    b = (b + mixB(mixA(k + 0x632be5ab) ^ Math.imul(cb, 0x85ebca77))) | 0;
  }
  laneB = mixB(b ^ OBJECT);
  return mixA(a ^ OBJECT);
}

const REDACTED_JSON_BYTES = Buffer.byteLength(JSON.stringify(REDACTED));

/** Walks a value: redacts in place (when st.redactor is set) and returns lane A of its shape. */
export function walk(v: unknown, depth: number, st: WalkState): number {
  if (v === null) return leaf(NULL);
  switch (typeof v) {
    case "string":
      return leaf(STRING);
    case "number":
      return leaf(NUMBER);
    case "boolean":
      return leaf(BOOLEAN);
    case "object":
      break;
    default:
      return leaf(OTHER);
  }
  if (depth >= MAX_DEPTH) {
    st.tooDeep = true;
    return leaf(OTHER);
  }
  return Array.isArray(v) ? walkArray(v, depth, st) : walkObject(v as Record<string, unknown>, depth, st);
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, "0");
}

/** The 16-hex-digit shape hash of a value (no redaction); null when nested deeper than MAX_DEPTH. */
export function shapeHash(v: unknown): string | null {
  const st: WalkState = { redactor: null, sizeDelta: 0, tooDeep: false };
  const a = walk(v, 0, st);
  return st.tooDeep ? null : hex8(a) + hex8(laneB);
}

/** Redacts in place and hashes the shape of what remains; null hash when too deep. */
export function redactAndHash(v: unknown, st: WalkState): string | null {
  const a = walk(v, 0, st);
  return st.tooDeep ? null : hex8(a) + hex8(laneB);
}
