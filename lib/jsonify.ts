// What a value becomes after JSON.stringify: Dates turn into ISO strings. Server pages hand read
// models to client components through toJson(), so the first paint has exactly the shape the
// JSON API answers with on every later refetch (and TypeScript knows it).
export type Jsonify<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Jsonify<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonify<T[K]> }
      : T;

export function toJson<T>(value: T): Jsonify<T> {
  return JSON.parse(JSON.stringify(value)) as Jsonify<T>;
}
