// What follows a change to a type's registered schema (registration, AsyncAPI import): its drift
// against live traffic is recomputed. Live validation picks the new version up from here too.
import "server-only";
import type pg from "pg";
import { refreshDrift } from "@/lib/catalog/refresh-drift";

export async function afterSchemaRegistered(typeId: number, db?: Pick<pg.Pool, "query">): Promise<void> {
  await refreshDrift(typeId, db);
}
