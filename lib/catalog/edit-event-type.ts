// An operator's edits of a catalog entry: description, owner and tags, and the compatibility mode
// later registrations are checked under (changing it re-checks nothing already registered, as in
// Confluent's registry). Both are audited with what changed; an unknown type is a 404, never created.
import "server-only";
import type pg from "pg";
import type { Acting } from "@/lib/audit/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { noSuchType, type EditInput } from "@/lib/catalog/catalog-schemas";
import type { CompatibilityMode } from "@/lib/catalog/compatibility";
import { lockEventType } from "@/lib/catalog/register-schema";
import { withTransaction } from "@/lib/db/client";

export type EditedEventType = {
  name: string;
  description: string | null;
  owner: string | null;
  tags: string[];
};

async function lockedRow<T extends pg.QueryResultRow>(
  c: pg.PoolClient,
  name: string,
  columns: string,
): Promise<T & { id: number }> {
  const { rows } = await c.query<T & { id: number }>(
    `SELECT id, ${columns} FROM event_types WHERE name = $1 FOR UPDATE`,
    [name],
  );
  if (!rows[0]) throw noSuchType(name);
  return rows[0];
}

export async function editEventType(name: string, edit: EditInput, acting: Acting): Promise<EditedEventType> {
  return withTransaction(async (c) => {
    const before = await lockedRow<EditedEventType>(c, name, "name, description, owner, tags");
    const after: EditedEventType = {
      name,
      description: edit.description === undefined ? before.description : edit.description,
      owner: edit.owner === undefined ? before.owner : edit.owner,
      tags: edit.tags ?? before.tags,
    };
    await c.query(
      "UPDATE event_types SET description = $2, owner = $3, tags = $4, updated_at = now() WHERE id = $1",
      [before.id, after.description, after.owner, after.tags],
    );
    const changed = (["description", "owner", "tags"] as const).filter(
      (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
    );
    if (changed.length > 0)
      await recordAudit(
        {
          ...acting,
          action: "catalog.type_edited",
          target: `event_type:${name}`,
          details: Object.fromEntries(changed.map((k) => [k, { before: before[k], after: after[k] }])),
        },
        c,
      );
    return after;
  });
}

export async function setCompatibility(
  name: string,
  mode: CompatibilityMode,
  acting: Acting,
): Promise<{ name: string; compatibility: CompatibilityMode }> {
  return withTransaction(async (c) => {
    const { rows } = await c.query<{ id: number }>("SELECT id FROM event_types WHERE name = $1", [name]);
    if (!rows[0]) throw noSuchType(name);
    // The registration lock: a registration in flight finishes under the mode it read.
    await lockEventType(c, rows[0].id);
    const before = await lockedRow<{ compatibility: CompatibilityMode }>(c, name, "compatibility");
    if (before.compatibility !== mode) {
      await c.query("UPDATE event_types SET compatibility = $2, updated_at = now() WHERE id = $1", [
        before.id,
        mode,
      ]);
      await recordAudit(
        {
          ...acting,
          action: "catalog.compatibility_changed",
          target: `event_type:${name}`,
          details: { before: before.compatibility, after: mode },
        },
        c,
      );
    }
    return { name, compatibility: mode };
  });
}
