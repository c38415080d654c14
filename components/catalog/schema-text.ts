// A schema typed or uploaded by a person, checked before it is sent: JSON, and an object. Whether
// it is a valid JSON Schema is the server's call (it compiles it) and comes back in its words.
import type { JsonSchema } from "@/lib/catalog/infer-schema";

export function parseSchemaText(text: string): { schema: JsonSchema } | { error: string } {
  if (!text.trim()) return { error: "Paste a JSON Schema or choose a file first." };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { error: `This is not valid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value))
    return { error: "A JSON Schema is a JSON object ({ … })." };
  return { schema: value as JsonSchema };
}
