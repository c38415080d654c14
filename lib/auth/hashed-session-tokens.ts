// Session tokens stored hashed. better-auth keeps a session's bearer token in sessions.token as
// plain text; this wraps its database adapter so the column holds the token's SHA-256 instead,
// and a copy of the sessions table is useless to whoever reads it. Queries by token hash the
// value they look for; rows read back carry the plain token when the caller supplied it, else
// "sha256:<hash>", which the wrapper recognises when it comes back (revoking a listed session).
import type { DBAdapter, DBAdapterInstance, Where } from "@better-auth/core/db/adapter";
import { hashToken } from "@/lib/auth/token-format";

const MODEL = "session";
const FIELD = "token";
const HASHED = "sha256:";

type Row = Record<string, unknown>;

/** What goes into the column for a token the caller handed in (plain, or one it got from a listing). */
export function storedSessionToken(value: string): string {
  return value.startsWith(HASHED) ? value.slice(HASHED.length) : hashToken(value);
}

function hashWhere(
  model: string,
  where: Where[] | undefined,
  known: Map<string, string>,
): Where[] | undefined {
  if (model !== MODEL || !where) return where;
  return where.map((w) => {
    if (w.field !== FIELD) return w;
    const one = (v: string) => {
      const stored = storedSessionToken(v);
      if (!v.startsWith(HASHED)) known.set(stored, v);
      return stored;
    };
    if (typeof w.value === "string") return { ...w, value: one(w.value) };
    if (Array.isArray(w.value)) return { ...w, value: (w.value as string[]).map((v) => one(String(v))) };
    return w;
  });
}

function restore<T>(model: string, row: T, known: Map<string, string>): T {
  if (model !== MODEL || row === null || typeof row !== "object") return row;
  const r = row as Row;
  if (typeof r[FIELD] !== "string") return row;
  const stored = r[FIELD] as string;
  return { ...r, [FIELD]: known.get(stored) ?? HASHED + stored } as T;
}

function wrap<A extends Omit<DBAdapter, "transaction"> & Partial<Pick<DBAdapter, "transaction">>>(a: A): A {
  const wrapped: Omit<DBAdapter, "transaction"> = {
    ...a,
    create: async (data) => {
      const known = new Map<string, string>();
      let input = data.data as Row;
      if (data.model === MODEL && typeof input[FIELD] === "string") {
        const plain = input[FIELD] as string;
        const stored = hashToken(plain);
        known.set(stored, plain);
        input = { ...input, [FIELD]: stored };
      }
      const row = await a.create({ ...data, data: input as typeof data.data });
      return restore(data.model, row, known);
    },
    findOne: async (data) => {
      const known = new Map<string, string>();
      const row = await a.findOne({ ...data, where: hashWhere(data.model, data.where, known)! });
      return restore(data.model, row, known);
    },
    findMany: async (data) => {
      const known = new Map<string, string>();
      const rows = await a.findMany({ ...data, where: hashWhere(data.model, data.where, known) });
      return rows.map((r) => restore(data.model, r, known));
    },
    count: (data) => a.count({ ...data, where: hashWhere(data.model, data.where, new Map()) }),
    update: async (data) => {
      const known = new Map<string, string>();
      const update = { ...data.update };
      if (data.model === MODEL && typeof update[FIELD] === "string") {
        const plain = update[FIELD] as string;
        update[FIELD] = storedSessionToken(plain);
        known.set(update[FIELD] as string, plain);
      }
      const row = await a.update({ ...data, update, where: hashWhere(data.model, data.where, known)! });
      return restore(data.model, row, known);
    },
    updateMany: (data) => {
      if (data.model === MODEL && FIELD in data.update)
        throw new Error("session tokens are never bulk-updated (they are stored hashed)");
      return a.updateMany({ ...data, where: hashWhere(data.model, data.where, new Map())! });
    },
    delete: (data) => a.delete({ ...data, where: hashWhere(data.model, data.where, new Map())! }),
    deleteMany: (data) => a.deleteMany({ ...data, where: hashWhere(data.model, data.where, new Map())! }),
    consumeOne: async (data) => {
      const known = new Map<string, string>();
      const row = await a.consumeOne({ ...data, where: hashWhere(data.model, data.where, known)! });
      return restore(data.model, row, known);
    },
    incrementOne: async (data) => {
      const known = new Map<string, string>();
      const row = await a.incrementOne({ ...data, where: hashWhere(data.model, data.where, known)! });
      return restore(data.model, row, known);
    },
  };
  if (!a.transaction) return wrapped as A;
  const transaction: DBAdapter["transaction"] = (callback) => a.transaction!((trx) => callback(wrap(trx)));
  return { ...wrapped, transaction } as unknown as A;
}

/** The adapter `inner` makes, with session tokens hashed on the way in and restored on the way out. */
export function withHashedSessionTokens(inner: DBAdapterInstance): DBAdapterInstance {
  return (options) => wrap(inner(options)) as ReturnType<DBAdapterInstance>;
}
