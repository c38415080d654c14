// Registers a team's JSON Schema for an event type, the way a schema registry does: the same
// schema again is the version it already is (200, created: false); one the type's compatibility
// mode refuses against the earlier registered versions is a 409 listing every breaking change;
// anything else is a new version numbered after every version of the type, inferred ones
// included. A name never seen in traffic gets its catalog entry here (documentation first).
//
// One transaction under a per-type advisory lock: two racing registrations can neither take the
// same number nor both pass the check against a stale previous version.
import "server-only";
import type pg from "pg";
import type { Acting } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { afterSchemaRegistered } from "@/lib/catalog/after-register";
import type { RegisterSchemaResult } from "@/lib/catalog/api-types";
import { parseTypeName } from "@/lib/catalog/catalog-schemas";
import { checkCompatibility, type CompatibilityMode } from "@/lib/catalog/compatibility";
import { schemaFingerprint } from "@/lib/catalog/fingerprint";
import type { JsonSchema } from "@/lib/catalog/infer-schema";
import { prepareSchema, type PrepareOptions } from "@/lib/catalog/prepare-schema";
import { withTransaction } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";

/** pg_advisory_xact_lock(class, type id) class for changes to one event type's versions ("estc"). */
export const EVENT_TYPE_LOCK_CLASS = 0x65737463;

/** Serialises changes to one type's versions and mode until the transaction ends. */
export async function lockEventType(client: pg.PoolClient, typeId: number): Promise<void> {
  await client.query("SELECT pg_advisory_xact_lock($1::int, $2::int)", [EVENT_TYPE_LOCK_CLASS, typeId]);
}

/** The type's id, creating the catalog entry when the name is new. */
async function ensureEventType(client: pg.PoolClient, name: string): Promise<number> {
  // Insert first: a racing creator waits on the unique index, then finds the committed row below.
  const inserted = await client.query<{ id: number }>(
    "INSERT INTO event_types (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING id",
    [name],
  );
  if (inserted.rows[0]) return inserted.rows[0].id;
  const { rows } = await client.query<{ id: number }>("SELECT id FROM event_types WHERE name = $1", [name]);
  if (!rows[0]) throw new Error(`event type ${name} neither inserted nor found`);
  return rows[0].id;
}

type Registered = { version: number; fingerprint: string; definition: JsonSchema };

function incompatible(mode: CompatibilityMode, breakingChanges: ReturnType<typeof checkCompatibility>) {
  const n = breakingChanges.length;
  return new AppError(
    "incompatible",
    `${mode} compatibility refuses this schema: ${n} breaking change${n === 1 ? "" : "s"} (${breakingChanges
      .map((c) => c.message)
      .join("; ")})`,
    { mode, breakingChanges },
  );
}

async function registerLocked(
  client: pg.PoolClient,
  name: string,
  schema: JsonSchema,
  fingerprint: string,
  acting: Acting,
  via: RegisterOptions["via"],
): Promise<{ typeId: number; result: RegisterSchemaResult }> {
  const typeId = await ensureEventType(client, name);
  await lockEventType(client, typeId);
  const { rows: types } = await client.query<{ compatibility: CompatibilityMode; max: number | null }>(
    `SELECT compatibility, (SELECT max(version) FROM schema_versions WHERE event_type_id = $1) AS max
       FROM event_types WHERE id = $1`,
    [typeId],
  );
  const { compatibility: mode, max } = types[0]!;
  const { rows: registered } = await client.query<Registered>(
    `SELECT version, fingerprint, definition FROM schema_versions
      WHERE event_type_id = $1 AND source = 'registered' ORDER BY version`,
    [typeId],
  );
  const same = registered.find((r) => r.fingerprint === fingerprint);
  if (same) return { typeId, result: { name, version: same.version, created: false } };
  const breaking = checkCompatibility(
    mode,
    schema,
    registered.map((r) => r.definition),
  );
  if (breaking.length > 0) throw incompatible(mode, breaking);
  const version = (max ?? 0) + 1;
  const compatibility =
    registered.length === 0 ? null : { mode, compatible: true, breakingChanges: [] as const };
  await client.query(
    `INSERT INTO schema_versions (event_type_id, version, format, definition, fingerprint, source, compatibility)
     VALUES ($1, $2, 'json-schema', $3::jsonb, $4, 'registered', $5::jsonb)`,
    [typeId, version, JSON.stringify(schema), fingerprint, compatibility && JSON.stringify(compatibility)],
  );
  await client.query("UPDATE event_types SET registered_version = $2, updated_at = now() WHERE id = $1", [
    typeId,
    version,
  ]);
  await recordAudit(
    {
      ...acting,
      action: "catalog.schema_registered",
      target: `event_type:${name}`,
      details: { version, fingerprint: fingerprint.slice(0, 16), via },
    },
    client,
  );
  return { typeId, result: { name, version, created: true } };
}

export type RegisterOptions = PrepareOptions & {
  /** How it came, for the audit log. */
  via?: "api" | "asyncapi";
};

const UNIQUE_VIOLATION = "23505";
const ATTEMPTS = 3;

/**
 * Checks, then registers `raw` for the type `name`. Throws AppError: 400 (bad name or schema),
 * 413 (too large), 409 `incompatible` (details: IncompatibleSchema).
 */
export async function registerSchema(
  name: string,
  raw: unknown,
  acting: Acting,
  opts: RegisterOptions = {},
): Promise<RegisterSchemaResult> {
  const typeName = parseTypeName(name);
  const schema = prepareSchema(raw, opts);
  const fingerprint = schemaFingerprint(schema);
  for (let attempt = 1; ; attempt++) {
    try {
      const { typeId, result } = await withTransaction((c) =>
        registerLocked(c, typeName, schema, fingerprint, acting, opts.via ?? "api"),
      );
      // Committed: a failed drift refresh is logged, not reported as a failed registration (the
      // next inferred version refreshes drift again).
      if (result.created)
        await afterSchemaRegistered(typeId).catch((err: unknown) =>
          log.error({ err, typeId }, "drift not refreshed after a registration"),
        );
      return result;
    } catch (err) {
      // Inference may number a version without this lock; the unique (type, version) index stops
      // a collision, and the next attempt numbers after it.
      if ((err as { code?: string }).code !== UNIQUE_VIOLATION || attempt >= ATTEMPTS) throw err;
    }
  }
}
