// A message from the catalog ("field `amount` changed type number → string") with its `quoted`
// parts set as code, so field names stand out from the words around them.
import { Fragment } from "react";

export function CodeWords({ text }: { text: string }) {
  const parts = text.split("`");
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 && i < parts.length - 1 ? (
          <code key={i} className="rounded bg-surface-2 px-1 font-mono text-[0.92em] text-fg">
            {part}
          </code>
        ) : (
          <Fragment key={i}>{i % 2 === 1 ? `\`${part}` : part}</Fragment>
        ),
      )}
    </>
  );
}
