// The characters Postgres text and jsonb cannot hold as sent: NUL (one would fail a whole batch's
// insert) and lone UTF-16 surrogates (rewritten to U+FFFD on the way in, so two different ids
// could become one). One definition for the checks that refuse them and the cleaning that replaces them.
const BAD_TEXT = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const BAD_TEXT_ALL = new RegExp(BAD_TEXT.source, "g");

/** Whether `s` can be stored as it is. */
export function isStorableText(s: string): boolean {
  return !BAD_TEXT.test(s);
}

/** `s` with every NUL and lone surrogate replaced by U+FFFD. */
export function toStorableText(s: string): string {
  return s.replace(BAD_TEXT_ALL, "\uFFFD");
}
