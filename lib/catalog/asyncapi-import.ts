// POST /api/v1/catalog/asyncapi: registers every message of an AsyncAPI 2.x/3.x document through
// the same registration as a single schema upload. Per message, like a registry, not all or
// nothing: each message is its own registration (its own transaction and audit entry), and those
// refused — not JSON Schema, invalid, incompatible — are listed with the reason.
import "server-only";
import { ZodError } from "zod";
import type { Acting } from "@/lib/audit/actor";
import type { AsyncApiImportResult, IncompatibleSchema } from "@/lib/catalog/api-types";
import { readAsyncApi } from "@/lib/catalog/asyncapi-read";
import { registerSchema } from "@/lib/catalog/register-schema";
import { AppError } from "@/lib/errors";

/** More would be minutes of registrations in one request. */
export const IMPORT_MAX_MESSAGES = 500;

function reasonOf(err: unknown): Omit<AsyncApiImportResult["refused"][number], "name"> | null {
  if (err instanceof AppError && err.code === "incompatible")
    return { reason: err.message, breakingChanges: (err.details as IncompatibleSchema).breakingChanges };
  if (err instanceof AppError) return { reason: err.message };
  if (err instanceof ZodError)
    return { reason: err.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
  return null;
}

export async function importAsyncApi(doc: unknown, acting: Acting): Promise<AsyncApiImportResult> {
  const read = readAsyncApi(doc);
  if (read.messages.length > IMPORT_MAX_MESSAGES)
    throw new AppError(
      "payload_too_large",
      `the document defines ${read.messages.length} messages; import at most ${IMPORT_MAX_MESSAGES} at a time`,
    );
  const result: AsyncApiImportResult = { registered: [], refused: [...read.refused] };
  for (const m of read.messages) {
    try {
      result.registered.push(
        await registerSchema(m.name, m.payload, acting, {
          defaultDialect: m.dialect,
          what: `the payload of message "${m.name}" (${m.where})`,
          via: "asyncapi",
        }),
      );
    } catch (err) {
      const refusal = reasonOf(err);
      if (!refusal) throw err;
      result.refused.push({ name: m.name, ...refusal });
    }
  }
  return result;
}
