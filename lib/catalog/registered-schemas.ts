// The newest registered schema of each event type, compiled once per version with ajv, for live
// validation at ingest. Loaded before the first validated batch, re-checked against a cheap stamp
// (how many registered versions, and the newest id) at most every STAMP_CHECK_MS when ingest uses
// it, and reloaded for one type at once in-process after a registration (after-register.ts).
// Ingest validates against `snapshot`, a map that is replaced, never changed, so a batch sees one
// consistent set.
import type pg from "pg";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { pool } from "@/lib/db/client";
import { log } from "@/lib/log";
import { perDatabase } from "@/lib/catalog/catalog-state";

export const STAMP_CHECK_MS = 3_000;
const DRAFT_2020 = "https://json-schema.org/draft/2020-12/schema";

export type RegisteredSchema = {
  typeId: number;
  versionId: number;
  version: number;
  /** null: the schema could not be compiled (logged once); its events are not validated. */
  validate: ValidateFunction | null;
};

type Row = { type_name: string; type_id: number; id: number; version: number; definition: unknown };

const NEWEST = `SELECT DISTINCT ON (v.event_type_id) t.name AS type_name, v.event_type_id AS type_id, v.id, v.version, v.definition
  FROM schema_versions v JOIN event_types t ON t.id = v.event_type_id
  WHERE v.source = 'registered' AND ($1::int IS NULL OR v.event_type_id = $1)
  ORDER BY v.event_type_id, v.version DESC`;
const STAMP = `SELECT count(*)::int AS n, coalesce(max(id), 0) AS max_id FROM schema_versions WHERE source = 'registered'`;

type Db = Pick<pg.Pool, "query">;

export class RegisteredSchemas {
  snapshot: ReadonlyMap<string, RegisteredSchema> = new Map();
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, addUsedSchema: false });
  private readonly compiled = new Map<number, { validate: ValidateFunction | null; schema: object }>();
  private stamp = "";
  private checkedMs = -Infinity;
  private loading: Promise<void> | null = null;

  constructor() {
    addFormats(this.ajv);
  }

  /**
   * Loads at first use (every caller waits for that load); later, re-checks the stamp in the
   * background when it is due. Never throws: a failed load is logged and tried again next time.
   */
  async ready(nowMs = Date.now()): Promise<void> {
    if (this.stamp === "") {
      await (this.loading ??= this.load());
      return;
    }
    if (nowMs - this.checkedMs >= STAMP_CHECK_MS) this.loading ??= this.load();
  }

  private load(): Promise<void> {
    this.checkedMs = Date.now();
    return this.refresh()
      .catch((err: unknown) => log.warn({ err }, "catalog: could not load registered schemas"))
      .finally(() => (this.loading = null));
  }

  /** Reloads every type when the stamp changed. */
  async refresh(db: Db = pool()): Promise<void> {
    const { rows } = await db.query<{ n: number; max_id: number }>(STAMP);
    const stamp = `${rows[0]!.n}:${rows[0]!.max_id}`;
    if (stamp === this.stamp) return;
    const { rows: newest } = await db.query<Row>(NEWEST, [null]);
    this.replace(newest, null);
    this.stamp = stamp;
  }

  /** Reloads one type now (after a registration; `db` may be the registering transaction). */
  async reloadType(typeId: number, db: Db = pool()): Promise<void> {
    const { rows } = await db.query<Row>(NEWEST, [typeId]);
    this.replace(rows, typeId);
    this.checkedMs = -Infinity; // other types may have changed too: check the stamp at next use
  }

  private replace(rows: readonly Row[], onlyType: number | null): void {
    const next = new Map<string, RegisteredSchema>();
    if (onlyType !== null)
      for (const [name, entry] of this.snapshot) if (entry.typeId !== onlyType) next.set(name, entry);
    for (const r of rows)
      next.set(r.type_name, {
        typeId: r.type_id,
        versionId: r.id,
        version: r.version,
        validate: this.compile(r),
      });
    // Versions no longer anyone's newest are dropped from ajv's cache too.
    const live = new Set([...next.values()].map((e) => e.versionId));
    for (const [id, c] of this.compiled)
      if (!live.has(id)) {
        this.ajv.removeSchema(c.schema);
        this.compiled.delete(id);
      }
    this.snapshot = next;
  }

  private compile(r: Row): ValidateFunction | null {
    const known = this.compiled.get(r.id);
    if (known) return known.validate;
    let schema = (typeof r.definition === "object" && r.definition !== null ? r.definition : {}) as Record<
      string,
      unknown
    >;
    // Live validation always uses 2020-12 rules: another $schema (draft-07 is common) would make
    // ajv refuse the schema outright, and for the keywords such schemas use the rules agree.
    if (typeof schema.$schema === "string" && schema.$schema !== DRAFT_2020) {
      const { $schema: _ignored, ...rest } = schema;
      schema = rest;
    }
    let validate: ValidateFunction | null = null;
    try {
      validate = this.ajv.compile(schema);
    } catch (err) {
      log.warn(
        { err, type: r.type_name, version: r.version },
        "catalog: registered schema does not compile; its events are not validated",
      );
    }
    this.compiled.set(r.id, { validate, schema });
    return validate;
  }
}

/** This process's cache for the current database. */
export function registeredSchemas(): RegisteredSchemas {
  return perDatabase("registeredSchemas", () => new RegisteredSchemas());
}
