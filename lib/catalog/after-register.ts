// What follows a change to a type's registered schema (registration, AsyncAPI import): its drift
// against live traffic is recomputed, and live validation switches to the new version at once in
// this process (other processes notice within STAMP_CHECK_MS, registered-schemas.ts).
import "server-only";
import type pg from "pg";
import { refreshDrift } from "@/lib/catalog/refresh-drift";
import { registeredSchemas } from "@/lib/catalog/registered-schemas";

export async function afterSchemaRegistered(typeId: number, db?: Pick<pg.Pool, "query">): Promise<void> {
  await refreshDrift(typeId, db);
  await registeredSchemas().reloadType(typeId, db);
}
