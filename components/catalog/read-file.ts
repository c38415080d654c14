// Reading a document a person picked (a schema, an AsyncAPI file) as text, refusing what is far too
// big before reading it; the server applies its own, exact limit and says so.
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

export async function readTextFile(file: File): Promise<string> {
  if (file.size > MAX_UPLOAD_BYTES)
    throw new Error(
      `${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; documents over ${MAX_UPLOAD_BYTES / 1024 / 1024} MB are not accepted`,
    );
  return file.text();
}
