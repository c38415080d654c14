// The catalog pages' calls to the catalog API: paths (type names are URL-encoded), TanStack Query
// keys and fetchers. The JSON shapes are the shared contract of lib/catalog/api-types.ts.
import type { CompatibilityMode } from "@/lib/catalog/compatibility";
import type {
  AsyncApiImportResult,
  EventTypeDetail,
  EventTypeEdit,
  EventTypeList,
  RegisterSchemaResult,
  SchemaVersionList,
} from "@/lib/catalog/api-types";
import type { JsonSchema } from "@/lib/catalog/infer-schema";
import { apiFetch } from "@/lib/http/api-client";
import { listSearchParams, type ListFilters } from "@/components/catalog/list-filters";

export const PAGE_SIZE = 50;

export function typePath(name: string): string {
  return `/api/v1/event-types/${encodeURIComponent(name)}`;
}

/** The event type's page in the dashboard. */
export function typeHref(name: string): string {
  return `/catalog/${encodeURIComponent(name)}`;
}

export const catalogKeys = {
  all: ["catalog"] as const,
  list: (f: ListFilters) => ["catalog", "list", f] as const,
  detail: (name: string) => ["catalog", "type", name] as const,
  schemas: (name: string) => ["catalog", "type", name, "schemas"] as const,
};

export function fetchEventTypes(f: ListFilters, cursor: string | undefined, signal: AbortSignal) {
  const q = listSearchParams(f);
  q.set("limit", String(PAGE_SIZE));
  if (cursor) q.set("cursor", cursor);
  return apiFetch<EventTypeList>(`/api/v1/event-types?${q}`, { signal });
}

export function fetchEventType(name: string, signal: AbortSignal) {
  return apiFetch<EventTypeDetail>(typePath(name), { signal });
}

export function fetchSchemas(name: string, signal: AbortSignal) {
  return apiFetch<SchemaVersionList>(`${typePath(name)}/schemas`, { signal });
}

export function registerSchema(name: string, schema: JsonSchema) {
  return apiFetch<RegisterSchemaResult>(`${typePath(name)}/schemas`, { method: "POST", body: { schema } });
}

export function setCompatibility(name: string, mode: CompatibilityMode) {
  return apiFetch(`${typePath(name)}/compatibility`, { method: "PUT", body: { mode } });
}

export function editEventType(name: string, edit: EventTypeEdit) {
  return apiFetch(typePath(name), { method: "PATCH", body: edit });
}

/** The document as it is (YAML or JSON): the server parses it and says where it is wrong. */
export function importAsyncApi(document: string) {
  const contentType = /^\s*[{[]/.test(document) ? "application/json" : "application/yaml";
  return apiFetch<AsyncApiImportResult>("/api/v1/catalog/asyncapi", {
    method: "POST",
    text: { content: document, contentType },
  });
}

export type ExportLink = { label: string; href: string; hint: string };

/** Download links for the whole catalog, or one type. */
export function exportLinks(type?: string): ExportLink[] {
  const q = (extra: Record<string, string>) =>
    new URLSearchParams({ ...extra, ...(type === undefined ? {} : { type }), download: "1" }).toString();
  return [
    {
      label: "AsyncAPI (YAML)",
      href: `/api/v1/catalog/asyncapi?${q({ format: "yaml" })}`,
      hint: "AsyncAPI 3.0",
    },
    {
      label: "AsyncAPI (JSON)",
      href: `/api/v1/catalog/asyncapi?${q({ format: "json" })}`,
      hint: "AsyncAPI 3.0",
    },
    { label: "JSON Schema", href: `/api/v1/catalog/json-schema?${q({})}`, hint: "2020-12" },
  ];
}
