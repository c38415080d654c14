// Content-Disposition for the catalog's downloads: "<type or eventscope-catalog>.<suffix>", an ASCII
// fallback name and the exact one in UTF-8 (RFC 6266), so no name can break the header.
export function downloadName(typeName: string | undefined, suffix: string): string {
  const name = `${typeName ?? "eventscope-catalog"}.${suffix}`;
  const ascii = name.replace(/[^A-Za-z0-9._-]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
