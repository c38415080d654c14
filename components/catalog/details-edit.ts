// A type's description, owner and tags as a person edits them, turned into the PATCH body.
import type { EventTypeEdit } from "@/lib/catalog/api-types";

export type Details = { description: string | null; owner: string | null; tags: string[] };

export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(",")
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
}

/** Only the fields that differ; empty text clears a field (null). */
export function detailsEdit(
  before: Details,
  description: string,
  owner: string,
  tags: string,
): EventTypeEdit {
  const edit: EventTypeEdit = {};
  const d = description.trim() || null;
  const o = owner.trim() || null;
  const t = parseTags(tags);
  if (d !== before.description) edit.description = d;
  if (o !== before.owner) edit.owner = o;
  if (t.join("\n") !== before.tags.join("\n")) edit.tags = t;
  return edit;
}
