// Edit-before-reprocess: an edited payload must pass the event type's newest registered schema (the
// same compiled validator live validation at ingest uses); a failure is a 400 naming each field.
// The edit becomes the command's override; the dead letter keeps its original payload.
import { registeredSchemas } from "@/lib/catalog/registered-schemas";
import { AppError } from "@/lib/errors";
import type { ReprocessBody } from "@/lib/reprocess/schemas";

const MAX_REPORTED = 20;

/** What a reprocess sends instead of the dead letter's stored payload / headers. */
export type CommandOverride = { payload?: Buffer; headers?: Record<string, unknown> };

export async function validateEdit(
  eventType: string | null,
  edit: NonNullable<ReprocessBody["edit"]>,
): Promise<CommandOverride> {
  const override: CommandOverride = {};
  if (edit.headers !== undefined) override.headers = edit.headers;
  if (edit.payload === undefined) return override;
  if (eventType !== null) {
    const schemas = registeredSchemas();
    await schemas.ready();
    const validate = schemas.snapshot.get(eventType)?.validate;
    if (validate && !validate(edit.payload)) {
      const issues = (validate.errors ?? []).slice(0, MAX_REPORTED).map((e) => ({
        path: `edit.payload${e.instancePath.replaceAll("/", ".")}`,
        message: e.message ?? `fails ${e.keyword}`,
      }));
      throw new AppError(
        "bad_request",
        `the edited payload does not match the newest registered schema of ${eventType}: ${issues
          .map((i) => `${i.path}: ${i.message}`)
          .join("; ")}`,
        issues,
      );
    }
  }
  override.payload = Buffer.from(JSON.stringify(edit.payload), "utf8");
  return override;
}
