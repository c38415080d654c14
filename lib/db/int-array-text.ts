// Decoding Postgres int[] sent as text (`col::text`, e.g. "{0,0,3,12}") straight into an
// Int32Array. node-postgres' own array parser builds an array of strings and parses each: on the
// rollups' dense histograms (~220 buckets a row, 1.6 M numbers in an hour of rollup_minute) that
// decode costs 3–5× this loop (measured in bench/README.md, bench:queries), and it is most of a
// cold flow graph. One-dimensional arrays of integers only; NULL elements are refused.

const COMMA = 44;
const MINUS = 45;
const ZERO = 48;
const NINE = 57;
const OPEN = 123;
const CLOSE = 125;

/** The integers of a one-dimensional int[] in Postgres' text form; null (SQL NULL) gives none. */
export function parseIntArrayText(text: string | null): Int32Array {
  if (text === null || text === "{}") return new Int32Array(0);
  const end = text.length - 1;
  if (text.charCodeAt(0) !== OPEN || text.charCodeAt(end) !== CLOSE)
    throw new Error(`not a one-dimensional int[] in text form: ${JSON.stringify(text.slice(0, 40))}`);
  let n = 1;
  for (let i = 1; i < end; i++) if (text.charCodeAt(i) === COMMA) n++;
  const out = new Int32Array(n);
  let k = 0;
  let v = 0;
  let sign = 1;
  let digits = 0;
  for (let i = 1; i <= end; i++) {
    const ch = text.charCodeAt(i);
    if (ch === COMMA || ch === CLOSE) {
      if (digits === 0)
        throw new Error(`an element of this int[] is not an integer: ${JSON.stringify(text.slice(0, 40))}`);
      out[k++] = sign * v;
      v = 0;
      sign = 1;
      digits = 0;
    } else if (ch === MINUS && digits === 0 && sign === 1) sign = -1;
    else if (ch >= ZERO && ch <= NINE) {
      v = v * 10 + (ch - ZERO);
      digits++;
    } else
      throw new Error(`an element of this int[] is not an integer: ${JSON.stringify(text.slice(0, 40))}`);
  }
  return out;
}
